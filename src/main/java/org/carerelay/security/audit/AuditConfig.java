package org.carerelay.security.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import org.carerelay.config.CareRelayProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit trail: an AuditEvent (IHE BALP) for every request, allowed or refused. On with security only: with
 * security off no request carries a verified caller, and nothing is recorded. The interceptors below are
 * RestfulServer interceptors ({@code ServerInterceptor}), so the server's own writes, the audit's among them, pass
 * unseen.
 */
@Configuration
@ConditionalOnProperty(name = "carerelay.security.enabled", havingValue = "true")
class AuditConfig {

    @Bean
    CallerAgents callerAgents() {
        return new CallerAgents();
    }

    @Bean
    AuditTrail auditTrail(
            CallerAgents agents,
            CareRelayProperties properties,
            DaoRegistry daos,
            IHapiTransactionService transactions,
            FhirContext fhirContext) {
        return new AuditTrail(
                new RestEvents(agents, properties.serverAddress()), new AuditWriter(daos, transactions, fhirContext));
    }

    @Bean
    AuditCapture auditCapture(AuditTrail trail, CallerAgents agents) {
        return new AuditCapture(trail, agents);
    }

    @Bean
    ReadOnlyAuditEvents readOnlyAuditEvents() {
        return new ReadOnlyAuditEvents();
    }

    @Bean
    AuditSearchReferences auditSearchReferences() {
        return new AuditSearchReferences();
    }
}
