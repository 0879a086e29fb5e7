package org.carerelay.server;

import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import java.util.List;
import java.util.Optional;
import org.carerelay.config.CareRelayProperties;
import org.springframework.web.cors.CorsConfiguration;

/** Cross-origin access as configured; no CORS at all when no origin is configured. */
final class CorsPolicy {

    private CorsPolicy() {}

    static Optional<CorsInterceptor> interceptor(CareRelayProperties.Cors cors) {
        return configuration(cors).map(CorsInterceptor::new);
    }

    static Optional<CorsConfiguration> configuration(CareRelayProperties.Cors cors) {
        if (cors.allowedOrigins().isEmpty()) {
            return Optional.empty();
        }
        if (cors.allowCredentials() && cors.allowedOrigins().contains("*")) {
            throw new IllegalStateException(
                    "carerelay.cors: allowed-origins '*' cannot be combined with allow-credentials true;"
                            + " list the origins explicitly");
        }
        CorsConfiguration config = new CorsConfiguration();
        cors.allowedOrigins().forEach(config::addAllowedOrigin);
        config.setAllowCredentials(cors.allowCredentials());
        config.setAllowedHeaders(List.of(
                "Origin",
                "Accept",
                "Content-Type",
                "Authorization",
                "Prefer",
                "If-Match",
                "If-None-Match",
                "If-None-Exist",
                "If-Modified-Since",
                "X-Requested-With"));
        config.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified"));
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"));
        config.setMaxAge(3600L);
        return Optional.of(config);
    }
}
