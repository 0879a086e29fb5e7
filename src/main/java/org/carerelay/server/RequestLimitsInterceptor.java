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
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.springframework.stereotype.Component;

/**
 * Refuses a {@code _count} above the page-size cap or a negative {@code _offset} (400), and a transaction, batch or
 * operation input with too many bundle entries (413).
 */
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
    public void checkPaging(RequestDetails request) {
        for (String name : new String[] {Constants.PARAM_COUNT, Constants.PARAM_OFFSET}) {
            String[] values = request.getParameters().get(name);
            for (String value : values == null ? new String[0] : values) {
                int requested;
                try {
                    requested = Integer.parseInt(value.trim());
                } catch (NumberFormatException e) {
                    requested = -1;
                }
                if (requested < 0) {
                    throw invalid(name + " must be a non-negative integer, got '" + value + "'", name);
                }
                if (name.equals(Constants.PARAM_COUNT) && requested > maxPageSize) {
                    throw invalid(
                            "_count " + requested + " exceeds the maximum page size of " + maxPageSize
                                    + " (carerelay.paging.max-page-size); page through the results instead",
                            name);
                }
            }
        }
    }

    /**
     * Transactions and batches, and the bundles an operation receives (a Bundle body, or a Parameters whose
     * parameters hold bundles), all count against the same entry limit: checking a 1,001-entry handoff bundle costs as
     * much as storing one.
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkBundleSize(RequestDetails request) {
        int entries = entries(request.getResource());
        if (entries > maxTransactionEntries) {
            String message = "Bundle has " + entries + " entries; the maximum is " + maxTransactionEntries
                    + " (carerelay.limits.max-transaction-entries)";
            throw new PayloadTooLargeException(
                    message, OperationOutcomes.error(IssueType.TOOLONG, message, "Bundle.entry"));
        }
    }

    private static int entries(IBaseResource resource) {
        if (resource instanceof Bundle bundle) {
            return bundle.getEntry().size();
        }
        if (resource instanceof Parameters parameters) {
            return parameters.getParameter().stream()
                    .mapToInt(RequestLimitsInterceptor::entries)
                    .sum();
        }
        return 0;
    }

    private static int entries(Parameters.ParametersParameterComponent parameter) {
        return entries(parameter.getResource())
                + parameter.getPart().stream()
                        .mapToInt(RequestLimitsInterceptor::entries)
                        .sum();
    }

    private static InvalidRequestException invalid(String message, String parameter) {
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, parameter));
    }
}
