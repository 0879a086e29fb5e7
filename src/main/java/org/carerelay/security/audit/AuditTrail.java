package org.carerelay.security.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The audit trail of every request, allowed or refused. BALP's events for a request (reads, searches, creates,
 * updates, deletes) are held until the request completes; if BALP recorded nothing, one event in its shape stands for
 * the request (history, operations, transactions, refusals). All are stored once the response has gone out, with the
 * request's outcome: 0 success, 4 refused or otherwise the client's failure, 8 the server's. Requests refused with 401
 * never reach HAPI; Spring Security's entry point reports them to {@link #unauthenticated}.
 */
@Interceptor
public final class AuditTrail implements ServerInterceptor, IBalpAuditEventSink {

    private static final String PENDING = AuditTrail.class.getName() + ".pending";
    private static final String FAILURE = AuditTrail.class.getName() + ".failure";

    private final RestEvents events;
    private final AuditWriter writer;

    AuditTrail(RestEvents events, AuditWriter writer) {
        this.events = events;
        this.writer = writer;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public void begin(RequestDetails request) {
        // made on the request's thread: the entries of a batch, which HAPI may answer from a pool, only add to it
        request.getUserData().put(PENDING, new ConcurrentLinkedQueue<AuditEvent>());
    }

    /** An event from BALP, held with its request. */
    @Override
    public void recordAuditEvent(AuditEvent event) {
        Queue<AuditEvent> pending =
                CallerAgents.requestOf(event).map(AuditTrail::pending).orElse(null);
        if (pending != null) {
            pending.add(event);
        } else {
            Finishing.finish(event, null);
            writer.write(List.of(event));
        }
    }

    /** A batch answers 200 whatever its entries met; each refused or failed entry gets an event of its own. */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void batchEntries(RequestDetails request, IBaseResource response) {
        Queue<AuditEvent> pending = pending(request);
        if (!(request.getResource() instanceof Bundle batch)
                || batch.getType() != Bundle.BundleType.BATCH
                || !(response instanceof Bundle answer)
                || pending == null) {
            return;
        }
        for (int i = 0; i < Math.min(batch.getEntry().size(), answer.getEntry().size()); i++) {
            Bundle.BundleEntryResponseComponent result =
                    answer.getEntry().get(i).getResponse();
            int status = status(result.getStatus());
            if (status >= 400) {
                AuditEvent event =
                        events.batchEntry(request, batch.getEntry().get(i).getRequest());
                Finishing.failed(event, status, diagnostics(result.getOutcome(), result.getStatus()));
                pending.add(event);
            }
        }
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException failure) {
        request.getUserData().put(FAILURE, failure);
        return true;
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void completed(RequestDetails request) {
        BaseServerResponseException failure =
                (BaseServerResponseException) request.getUserData().get(FAILURE);
        if (request.getRestOperationType() == null && failure == null) {
            return; // nothing was asked of HAPI: a CORS preflight, answered before any handler was chosen
        }
        Queue<AuditEvent> pending = pending(request);
        List<AuditEvent> recorded = pending == null ? new ArrayList<>() : new ArrayList<>(pending);
        if (recorded.isEmpty()) {
            recorded.add(events.of(request));
        }
        for (AuditEvent event : recorded) {
            if (failure != null) {
                Finishing.failed(event, failure.getStatusCode(), failure.getMessage());
            }
            Finishing.finish(event, request.getRequestId());
        }
        writer.write(recorded);
    }

    /** A request Spring Security answered 401 before HAPI saw it, with the reason the client was given. */
    public void unauthenticated(HttpServletRequest request, String reason) {
        AuditEvent event = events.unauthenticated(request);
        Finishing.failed(event, 401, reason);
        Finishing.finish(event, null);
        writer.write(List.of(event));
    }

    @SuppressWarnings("unchecked")
    private static Queue<AuditEvent> pending(RequestDetails request) {
        return (Queue<AuditEvent>) request.getUserData().get(PENDING);
    }

    private static int status(String status) {
        try {
            return status == null || status.length() < 3 ? 0 : Integer.parseInt(status.substring(0, 3));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String diagnostics(org.hl7.fhir.r4.model.Resource outcome, String status) {
        return outcome instanceof OperationOutcome issues
                        && issues.getIssueFirstRep().hasDiagnostics()
                ? issues.getIssueFirstRep().getDiagnostics()
                : status;
    }
}
