package org.carerelay.handoff;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.stereotype.Component;

/**
 * Hands the findings of stored handoff writes to the client: their count in a response header on every such response,
 * and the issues themselves when the response body is an OperationOutcome ({@code Prefer: return=OperationOutcome}).
 * Also remembers the Bundle of a transaction for the guard.
 */
@Component
@Interceptor
final class HandoffFindingsReporter implements ServerInterceptor {

    static final String HEADER = "X-CareRelay-Handoff-Findings";

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void rememberBundle(RequestDetails request) {
        if (request.getResource() instanceof Bundle bundle) {
            request.getUserData().put(HandoffGuard.REQUEST_BUNDLE, bundle);
        }
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void report(RequestDetails request, ResponseDetails response, HttpServletResponse servletResponse) {
        Object reported = request.getUserData().get(HandoffGuard.REPORTED);
        if (!(reported instanceof List<?> issues) || issues.isEmpty()) {
            return;
        }
        servletResponse.setHeader(HEADER, String.valueOf(issues.size()));
        if (response.getResponseResource() instanceof OperationOutcome outcome) {
            HandoffGuard.reported(request).forEach(outcome::addIssue);
        }
    }
}
