package org.carerelay.security;

import ca.uhn.fhir.context.FhirContext;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.security.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call the server. Off: everything is open, and the log says so at start-up. On: every request but SMART
 * discovery, the CapabilityStatement and CORS preflights needs a valid bearer JWT; what the token's scopes allow is
 * decided per FHIR interaction by {@link ScopeEnforcer}.
 */
@Configuration
class SecurityConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

    static final String[] PUBLIC = {
        "/fhir/metadata",
        "/fhir/.well-known/smart-configuration",
        "/.well-known/smart-configuration",
        "/error",
        // the worklist page: a SMART app whose files are public; what it reads needs the token it signs in for
        "/worklist",
        "/worklist/**",
        // the websocket channel of subscriptions: a client binds with a token that an authorized call handed out
        "/websocket",
        // served on the management port only (loopback unless configured): probes and scrapers carry no token
        "/actuator/**"
    };

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            SecurityProperties security,
            FhirContext fhirContext,
            ObjectProvider<AuditTrail> auditTrail,
            ObjectProvider<JwtDecoder> tokens)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        if (!security.enabled()) {
            LOG.warn("SECURITY IS OFF: anyone who can reach this server can read, change and delete every record."
                    + " Set carerelay.security.enabled=true (see README, Security) before"
                    + " storing real patients.");
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        BearerTokenFailure failure = new BearerTokenFailure(fhirContext, auditTrail.getObject());
        http.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .requestMatchers(PUBLIC)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(tokens.getObject()))
                        .authenticationEntryPoint(failure))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(failure));
        return http.build();
    }

    @Bean
    @ConditionalOnProperty(name = "carerelay.security.enabled", havingValue = "true")
    Endpoints endpoints(SecurityProperties security, CareRelayProperties properties) {
        return Endpoints.of(security, properties.serverAddress());
    }

    /** The check of a bearer token: against the external issuer's keys, or the built-in server's. */
    @Bean
    @ConditionalOnProperty(name = "carerelay.security.enabled", havingValue = "true")
    JwtDecoder fhirTokenDecoder(
            SecurityProperties security,
            CareRelayProperties properties,
            Endpoints endpoints,
            ObjectProvider<BuiltInIssuer> builtIn) {
        return endpoints.builtIn()
                ? TokenDecoder.builtIn(endpoints, builtIn.getObject())
                : TokenDecoder.of(security, properties.serverAddress());
    }

    @Bean
    @ConditionalOnProperty(name = "carerelay.security.enabled", havingValue = "true")
    ServletRegistrationBean<SmartConfiguration> smartConfiguration(Endpoints endpoints) {
        return new ServletRegistrationBean<>(
                new SmartConfiguration(endpoints),
                "/fhir/.well-known/smart-configuration",
                "/.well-known/smart-configuration");
    }

    @Bean
    @ConditionalOnProperty(name = "carerelay.security.enabled", havingValue = "true")
    SmartCapabilities smartCapabilities(Endpoints endpoints) {
        return new SmartCapabilities(endpoints);
    }
}
