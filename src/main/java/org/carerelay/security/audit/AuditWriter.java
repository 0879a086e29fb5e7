package org.carerelay.security.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores AuditEvents, the events of one request in one database transaction. The write goes through the DAO as the
 * server itself (a {@link SystemRequestDetails}, whose interceptor broadcaster carries none of the RestfulServer's
 * hooks): storing an audit record is never audited in turn, nor checked against the caller's scopes.
 *
 * <p>Synchronous, on the request's thread after its response has gone out, so the client does not wait for it and
 * nothing sits in a queue: on a clean stop the web server lets every running request finish (graceful shutdown,
 * Spring Boot's default) before the database goes away, so no record is lost.
 */
final class AuditWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);

    private final DaoRegistry daos;
    private final IHapiTransactionService transactions;
    private final FhirContext fhirContext;

    AuditWriter(DaoRegistry daos, IHapiTransactionService transactions, FhirContext fhirContext) {
        this.daos = daos;
        this.transactions = transactions;
        this.fhirContext = fhirContext;
    }

    void write(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        SystemRequestDetails server = new SystemRequestDetails();
        try {
            IFhirResourceDao<AuditEvent> dao = daos.getResourceDao(AuditEvent.class);
            transactions.withRequest(server).execute(() -> events.forEach(event -> dao.create(event, server)));
        } catch (RuntimeException e) {
            // an audit record must not vanish silently: the log keeps what the database refused
            for (AuditEvent event : events) {
                LOG.error(
                        "Could not store an AuditEvent ({}); here it is in full: {}",
                        e.getMessage(),
                        fhirContext.newJsonParser().encodeResourceToString(event));
            }
        }
    }
}
