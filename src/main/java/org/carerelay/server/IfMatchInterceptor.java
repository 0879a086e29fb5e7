package org.carerelay.server;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * FHIR says a stale {@code If-Match} is answered 412 Precondition Failed; HAPI answers 409. This turns the version
 * conflict of a versioned update or patch into 412, also of a transaction whose entries carry {@code request.ifMatch},
 * and leaves every other conflict alone.
 */
@Component
@Interceptor
final class IfMatchInterceptor implements ServerInterceptor {

    private static final Set<RestOperationTypeEnum> VERSIONED_WRITES =
            EnumSet.of(RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH);

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException staleVersionIsPreconditionFailed(RequestDetails request, Throwable thrown) {
        if (thrown instanceof ResourceVersionConflictException conflict
                && request != null
                && request.getHeader(Constants.HEADER_IF_MATCH) != null
                && VERSIONED_WRITES.contains(request.getRestOperationType())) {
            return new PreconditionFailedException(conflict.getMessage(), conflict.getOperationOutcome());
        }
        if (thrown instanceof ResourceVersionConflictException conflict
                && request != null
                && request.getRestOperationType() == RestOperationTypeEnum.TRANSACTION
                && request.getResource() instanceof Bundle bundle
                && bundle.getType() == Bundle.BundleType.TRANSACTION
                && bundle.getEntry().stream()
                        .anyMatch(entry -> entry.getRequest().hasIfMatch())
                && isStaleVersion(conflict)) {
            // A transaction is refused whole; its stale request.ifMatch is answered as the same PUT on its own. Other
            // conflicts of the bundle (a delete of a referenced resource, a lost race) stay 409.
            return new PreconditionFailedException(conflict.getMessage(), conflict.getOperationOutcome());
        }
        return null;
    }

    /** HAPI's refusal of an update, patch or delete whose expected version is not the current one. */
    private static boolean isStaleVersion(ResourceVersionConflictException conflict) {
        String message = conflict.getMessage() == null ? "" : conflict.getMessage();
        return message.contains(Msg.code(989)) || message.contains(Msg.code(961));
    }
}
