package org.carerelay.config;

import java.time.Duration;
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

    /**
     * Search page sizes (a {@code _count} above the maximum is refused) and how long a search's stored results may
     * answer the same search again while nothing it could match has been written since. {@code reuseResultsFor}
     * unset means 60 s on a database this process alone opens (H2 on disk or in memory) and never on one several
     * servers may share (PostgreSQL, an H2 server); {@code 0} turns reuse off.
     */
    public record Paging(
            @DefaultValue("20") int defaultPageSize,
            @DefaultValue("500") int maxPageSize,
            Duration reuseResultsFor) {}

    /**
     * What one request may cost: its size (413 past it), its shape (400 past it) and its time (a 4xx
     * {@code too-costly} past the deadline). See the README's configuration table for what each bound means.
     */
    public record Limits(
            @DefaultValue("20MB") DataSize maxRequestSize,
            @DefaultValue("1000") int maxTransactionEntries,
            @DefaultValue("50") int maxSearchParameters,
            @DefaultValue("100") int maxOrValues,
            @DefaultValue("30s") Duration requestTimeout,
            @DefaultValue("200") int maxDepth,
            @DefaultValue("32") int maxDecimalDigits,
            @DefaultValue("100") int maxDecimalExponent) {}

    /** Cross-origin access for browser apps. Empty means no CORS headers at all. */
    public record Cors(
            @DefaultValue List<String> allowedOrigins,
            @DefaultValue("false") boolean allowCredentials) {}
}
