package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * Two clients that conditionally create the same resource at once race on HAPI's unique match-URL index; the loser
 * gets a version conflict. Retrying re-evaluates the condition, which now finds the winner's resource, so both
 * clients succeed and exactly one resource is stored.
 *
 * <p>Only what can succeed on retry is retried. A write to a resource by id (PUT, PATCH, DELETE of {@code Type/id})
 * or with an {@code If-Match} lost against another client's write to the same resource: retrying it would store a
 * version built from the old one over the winner's (or fail again on the stale version). Such a conflict answers at
 * once, in a transaction as on its own.
 */
@Component
@Interceptor
final class ConditionalWriteRetryInterceptor implements StorageInterceptor {

    private static final int MAX_RETRIES = 3;

    @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
    public ResourceVersionConflictResolutionStrategy retryConditionalWrites(RequestDetails request) {
        ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
        if (request != null && isRetryable(request)) {
            strategy.setRetry(true);
            strategy.setMaxRetries(MAX_RETRIES);
        }
        return strategy;
    }

    private static boolean isRetryable(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.CREATE) {
            return request.getHeader(Constants.HEADER_IF_NONE_EXIST) != null;
        }
        if (operation == RestOperationTypeEnum.UPDATE) {
            return request.getId() == null
                    && !request.getParameters().isEmpty()
                    && request.getHeader(Constants.HEADER_IF_MATCH) == null;
        }
        if (operation == RestOperationTypeEnum.TRANSACTION && request.getResource() instanceof Bundle bundle) {
            return isRetryable(bundle);
        }
        return false;
    }

    /** A bundle with a conditional create or update and no write that a retry could turn into a lost update. */
    static boolean isRetryable(Bundle bundle) {
        boolean conditional = false;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Bundle.BundleEntryRequestComponent request = entry.getRequest();
            if (request.hasIfMatch()) {
                return false;
            }
            Bundle.HTTPVerb method = request.getMethod();
            String url = request.getUrl() == null ? "" : request.getUrl();
            boolean byMatchUrl = url.contains("?");
            if (method == Bundle.HTTPVerb.POST) {
                conditional |= request.hasIfNoneExist();
            } else if (method == Bundle.HTTPVerb.PUT && byMatchUrl) {
                conditional = true;
            } else if (method == Bundle.HTTPVerb.PUT
                    || method == Bundle.HTTPVerb.PATCH
                    || method == Bundle.HTTPVerb.DELETE) {
                return false;
            }
        }
        return conditional;
    }
}
