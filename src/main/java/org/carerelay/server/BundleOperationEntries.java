package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Optional;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/**
 * An operation ({@code $care-gaps}, {@code $expunge}, ...) named by a batch or transaction entry is refused with 400
 * naming it: HAPI would answer a GET with success and no result, and turn a POST into a create that stores the
 * operation's Parameters. A transaction is refused whole; in a batch, only that entry.
 */
@Component
@Interceptor
final class BundleOperationEntries implements StorageInterceptor {

    @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
    public void refuseOperations(RequestDetails request, IBaseBundle processed) {
        if (!(processed instanceof Bundle bundle) || bundle.getType() == Bundle.BundleType.BATCH) {
            // a batch is processed again entry by entry, each as a one-entry transaction, and refused there
            return;
        }
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        for (int i = 0; i < entries.size(); i++) {
            Bundle.BundleEntryComponent entry = entries.get(i);
            Optional<String> operation = operationOf(entry.getRequest().getUrl());
            if (operation.isPresent()) {
                int index = indexInSentBundle(request, entry).orElse(i);
                String message = "Bundle entry " + index + " calls the operation " + operation.get()
                        + "; operations cannot run inside a batch or transaction, call it on its own";
                OperationOutcome outcome = OperationOutcomes.error(
                        IssueType.NOTSUPPORTED, message, "Bundle.entry[" + index + "].request.url");
                throw new InvalidRequestException(message, outcome);
            }
        }
    }

    /** The operation a request URL names ({@code $name}), if any of its path segments is one. */
    static Optional<String> operationOf(String url) {
        if (url == null) {
            return Optional.empty();
        }
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        for (String segment : path.split("/")) {
            if (segment.startsWith("$")) {
                return Optional.of(segment);
            }
        }
        return Optional.empty();
    }

    /** HAPI hands each batch entry on in a bundle of its own; the client knows it by its place in the batch. */
    private static Optional<Integer> indexInSentBundle(RequestDetails request, Bundle.BundleEntryComponent entry) {
        if (request != null && request.getResource() instanceof Bundle sent) {
            for (int i = 0; i < sent.getEntry().size(); i++) {
                if (sent.getEntry().get(i) == entry) {
                    return Optional.of(i);
                }
            }
        }
        return Optional.empty();
    }
}
