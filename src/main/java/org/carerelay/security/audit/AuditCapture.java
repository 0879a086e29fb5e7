package org.carerelay.security.audit;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import org.carerelay.server.ServerInterceptor;

/**
 * HAPI's IHE Basic Audit Logging Pattern (BALP) interceptor: an AuditEvent for each read, search, create, update and
 * delete, naming the patients whose data it touched. Registered on the RestfulServer, so it sees only what callers ask
 * for through the API, never the server's own writes (among them the AuditEvents). Its hooks run after the security
 * package's (order 0): a read that {@code ShowFilter} refuses is never recorded as a success, and a search records only
 * what the token was allowed to see.
 */
@Interceptor(order = AuditCapture.AFTER_AUTHORIZATION)
final class AuditCapture extends BalpAuditCaptureInterceptor implements ServerInterceptor {

    static final int AFTER_AUTHORIZATION = 1000;

    AuditCapture(AuditTrail trail, CallerAgents agents) {
        super(trail, agents);
    }
}
