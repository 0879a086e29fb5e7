package org.carerelay.conflict;

import org.carerelay.caregap.CareGapProperties;
import org.carerelay.caregap.rules.PlanConflicts;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.conflict.rules.CareGapConflicts;
import org.carerelay.conflict.rules.Knowledge;
import org.carerelay.fhir.LocalServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The knowledge the plan-conflict rules apply, read once at start-up (a bad file or setting stops the server), and the
 * CDS Hooks paths' own filter chain.
 */
@Configuration
class ConflictConfig {

    @Bean
    Knowledge conflictKnowledge(ConflictProperties properties, CareGapProperties careGaps) {
        return properties.load(careGaps);
    }

    /** The same rules and knowledge as {@code $plan-conflicts}, for care gaps' G11 ({@code conflicting-plans}). */
    @Bean
    PlanConflicts careGapConflicts(Knowledge knowledge, CareRelayProperties server) {
        return new CareGapConflicts(knowledge, LocalServer.at(server.serverAddress()));
    }

    /** The CDS clients whose JWTs the CDS Hooks service accepts, each JWT once. */
    @Bean
    CdsClients cdsClients(ConflictProperties properties) {
        return new CdsClients(properties, new SeenTokens(SeenTokens.CAPACITY, CdsClients.SKEW));
    }

    /** The cards answered lately, for their feedback. */
    @Bean
    IssuedCards issuedCards() {
        return new IssuedCards(IssuedCards.CAPACITY, IssuedCards.KEPT);
    }

    /**
     * CDS Hooks calls carry a CDS client's JWT (an EHR's {@code iss}, the service URL as {@code aud}), not a token of the
     * FHIR API, so the FHIR API's bearer-token check must not see them: {@link ConflictHooks} verifies them itself
     * against {@code carerelay.conflicts.cds-clients}, and discovery is public.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain cdsHooksFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/cds-services", "/cds-services/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }
}
