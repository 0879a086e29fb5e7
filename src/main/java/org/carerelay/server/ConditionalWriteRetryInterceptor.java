package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.springframework.stereotype.Component;

/**
 * Two clients that conditionally create the same resource at once race on HAPI's unique match-URL index; the loser
 * gets a version conflict. Retrying re-evaluates the condition, which now finds the winner's resource, so both
 * clients succeed and exactly one resource is stored. Transactions are retried for the same reason: they are atomic,
 * so a retry cannot store anything twice.
 */
@Component
@Interceptor
final class ConditionalWriteRetryInterceptor implements StorageInterceptor {

    private static final int MAX_RETRIES = 3;

    @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
    public ResourceVersionConflictResolutionStrategy retryConditionalWrites(RequestDetails request) {
        ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
        if (request != null && isConditional(request)) {
            strategy.setRetry(true);
            strategy.setMaxRetries(MAX_RETRIES);
        }
        return strategy;
    }

    private static boolean isConditional(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.CREATE) {
            return request.getHeader(Constants.HEADER_IF_NONE_EXIST) != null;
        }
        if (operation == RestOperationTypeEnum.UPDATE) {
            return request.getId() == null && !request.getParameters().isEmpty();
        }
        return operation == RestOperationTypeEnum.TRANSACTION;
    }
}
