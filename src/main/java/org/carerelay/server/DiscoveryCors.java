package org.carerelay.server;

import org.carerelay.config.CareRelayProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The same cross-origin policy as the FHIR endpoint for what a browser app calls besides it: SMART and OpenID
 * discovery and the OAuth endpoints (a SMART app in the browser posts to the token endpoint itself). Ahead of Spring
 * Security, so that a preflight is answered before any authentication is asked for.
 */
@Configuration
class DiscoveryCors {

    static final String[] PATHS = {"/oauth2/**", "/.well-known/**", "/fhir/.well-known/**"};

    @Bean
    FilterRegistrationBean<CorsFilter> discoveryCorsFilter(CareRelayProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        CorsPolicy.configuration(properties.cors()).ifPresent(config -> {
            for (String path : PATHS) {
                source.registerCorsConfiguration(path, config);
            }
        });
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        // only these paths: Spring's filter refuses a preflight for any path it has no configuration for
        registration.addUrlPatterns("/oauth2/*", "/.well-known/*", "/fhir/.well-known/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(!properties.cors().allowedOrigins().isEmpty());
        return registration;
    }
}
