package org.carerelay.config;

import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code carerelay} section of {@code hapi.application.yaml}: what an operator may tune. Defaults are the safe
 * choice for a server without authentication. {@code timeZone} is the practice's zone: the calendar day an {@code asOf}
 * names, and the zone of dates and times written without one.
 */
@ConfigurationProperties("carerelay")
public record CareRelayProperties(
        String serverAddress,
        @DefaultValue("UTC") ZoneId timeZone,
        @DefaultValue Paging paging,
        @DefaultValue Limits limits,
        @DefaultValue Cors cors) {

    /** Search page sizes; a {@code _count} above the maximum is refused. */
    public record Paging(
            @DefaultValue("20") int defaultPageSize,
            @DefaultValue("500") int maxPageSize) {}

    /** Request size limits; larger requests get 413. */
    public record Limits(
            @DefaultValue("20MB") DataSize maxRequestSize,
            @DefaultValue("1000") int maxTransactionEntries) {}

    /** Cross-origin access for browser apps. Empty means no CORS headers at all. */
    public record Cors(
            @DefaultValue List<String> allowedOrigins,
            @DefaultValue("false") boolean allowCredentials) {}
}
