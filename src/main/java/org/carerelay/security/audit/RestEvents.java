package org.carerelay.security.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Set;
import org.carerelay.fhir.Caller;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Events in BALP's shape for what HAPI's BALP interceptor does not record: history, operations, transactions and
 * batches, the CapabilityStatement, refused batch entries, requests refused or failed before anything was read or
 * written, and the 401s Spring Security answers before HAPI sees the request. Each names the resource the request
 * names, the request line as a query, and the patients concerned: the token's patient, and the one the request names.
 */
final class RestEvents {

    private final CallerAgents agents;
    private final String serverAddress;

    RestEvents(CallerAgents agents, String serverAddress) {
        this.agents = agents;
        this.serverAddress = serverAddress == null || serverAddress.isBlank() ? null : serverAddress;
    }

    /** A request HAPI answered, as one event. */
    AuditEvent of(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        String base = base(request);
        AuditEvent event = BalpShape.event(Interactions.action(operation), base);
        if (operation != null) {
            // HAPI answers a batch through its transaction handler
            boolean batch =
                    request.getResource() instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.BATCH;
            event.addSubtype(Interactions.subtype(batch ? RestOperationTypeEnum.BATCH : operation));
        }
        agents(event, request, base);
        IIdType id = request.getId();
        if (id != null && id.hasIdPart() && request.getResourceName() != null) {
            // without its version, as BALP's are (see CallerAgents); a vread's version is in the request line
            BalpShape.data(event, base + "/" + request.getResourceName() + "/" + id.getIdPart());
        }
        if (request instanceof ServletRequestDetails servlet) {
            BalpShape.query(event, servlet.getServletRequest().getMethod(), url(servlet.getServletRequest()));
        }
        patients(event, request, base);
        return event;
    }

    /** One refused or failed entry of a batch, which HAPI answers inside the batch's own 200. */
    AuditEvent batchEntry(RequestDetails batch, Bundle.BundleEntryRequestComponent entry) {
        String base = base(batch);
        AuditEvent event = BalpShape.event(AuditEventAction.E, base);
        agents(event, batch, base);
        String url = entry.getUrl() == null ? "" : entry.getUrl();
        BalpShape.query(
                event,
                entry.hasMethod() ? entry.getMethod().toCode() : "GET",
                url.contains("://") ? url : base + "/" + (url.startsWith("/") ? url.substring(1) : url));
        patients(event, batch, base);
        return event;
    }

    /** A request Spring Security refused (401): no verified caller, only where it came from and what it asked. */
    AuditEvent unauthenticated(HttpServletRequest request) {
        String base = base(request);
        AuditEvent event = BalpShape.event(AuditEventAction.E, base);
        BalpShape.agents(
                event,
                new Reference(),
                request.getRemoteAddr(),
                base,
                new Reference().setDisplay(CallerAgents.NO_TOKEN));
        BalpShape.query(event, request.getMethod(), url(request));
        return event;
    }

    private void agents(AuditEvent event, RequestDetails request, String base) {
        BalpShape.agents(
                event,
                agents.getAgentClientWho(request),
                agents.getNetworkAddress(request),
                base,
                agents.getAgentUserWho(request));
        if (request.getRequestId() != null) {
            BalpShape.requestId(event, request.getRequestId());
        }
    }

    private static void patients(AuditEvent event, RequestDetails request, String base) {
        Set<String> patients = new LinkedHashSet<>();
        Caller.of(request).map(Caller::patient).ifPresent(patients::add);
        if ("Patient".equals(request.getResourceName())
                && request.getId() != null
                && request.getId().hasIdPart()) {
            patients.add(request.getId().getIdPart());
        }
        patients.forEach(patient -> BalpShape.patient(event, base + "/Patient/" + patient));
    }

    private String base(RequestDetails request) {
        if (request.getFhirServerBase() != null) {
            return request.getFhirServerBase();
        }
        return request instanceof ServletRequestDetails servlet ? base(servlet.getServletRequest()) : serverAddress;
    }

    /** The FHIR base as HAPI determines it: the configured server address, else the one the request came in on. */
    private String base(HttpServletRequest request) {
        return serverAddress != null
                ? serverAddress
                : ServletUriComponentsBuilder.fromContextPath(request)
                        .path("/fhir")
                        .build()
                        .toUriString();
    }

    private static String url(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURL() + (query == null ? "" : "?" + query);
    }
}
