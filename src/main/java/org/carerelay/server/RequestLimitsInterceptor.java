package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/** Refuses a {@code _count} above the page-size cap (400) and a transaction or batch with too many entries (413). */
@Component
@Interceptor
final class RequestLimitsInterceptor implements ServerInterceptor {

    private final int maxPageSize;
    private final int maxTransactionEntries;

    RequestLimitsInterceptor(CareRelayProperties properties) {
        this.maxPageSize = properties.paging().maxPageSize();
        this.maxTransactionEntries = properties.limits().maxTransactionEntries();
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void checkPageSize(RequestDetails request) {
        String[] counts = request.getParameters().get(Constants.PARAM_COUNT);
        if (counts == null) {
            return;
        }
        for (String count : counts) {
            int requested;
            try {
                requested = Integer.parseInt(count.trim());
            } catch (NumberFormatException e) {
                throw invalid("_count must be a non-negative integer, got '" + count + "'");
            }
            if (requested < 0) {
                throw invalid("_count must be a non-negative integer, got '" + count + "'");
            }
            if (requested > maxPageSize) {
                throw invalid("_count " + requested + " exceeds the maximum page size of " + maxPageSize
                        + " (carerelay.paging.max-page-size); page through the results instead");
            }
        }
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkBundleSize(RequestDetails request) {
        if (request.getResource() instanceof Bundle bundle && bundle.getEntry().size() > maxTransactionEntries) {
            String message = "Bundle has " + bundle.getEntry().size() + " entries; the maximum is "
                    + maxTransactionEntries + " (carerelay.limits.max-transaction-entries)";
            throw new PayloadTooLargeException(
                    message, OperationOutcomes.error(IssueType.TOOLONG, message, "Bundle.entry"));
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, "_count"));
    }
}
