package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Duration;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/**
 * A request whose statements ran past {@code carerelay.limits.request-timeout} asked for more work than the server
 * does for one request: 400 with issue code {@code too-costly}, not the 500 that HAPI makes of a cancelled statement.
 * The statement's own transaction has been rolled back and its connection returned by then.
 */
@Component
@Interceptor
final class RequestTimeoutInterceptor implements ServerInterceptor {

    private final Duration timeout;

    RequestTimeoutInterceptor(CareRelayProperties properties) {
        this.timeout = properties.limits().requestTimeout();
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException deadlinePassed(Throwable thrown) {
        if (!ranPastDeadline(thrown)) {
            return null;
        }
        String message = "The request took longer than " + timeout.toSeconds() + " seconds (" + RequestDeadline.SETTING
                + "); narrow the search or split the work";
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.TOOCOSTLY, message));
    }

    // HAPI may wrap the statement's failure several times, or keep only its message.
    private static boolean ranPastDeadline(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(RequestDeadline.SETTING)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
