package org.carerelay.handoff;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carerelay.handoff.HandoffProperties.GuardMode;
import org.carerelay.handoff.rules.Finding;
import org.carerelay.handoff.rules.HandoffValidator;
import org.carerelay.server.StorageInterceptor;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * The handoff guard: every stored create, update and patch of a handoff Task, also inside transactions and batches, is
 * checked. In {@code enforce} mode a write with error findings is refused with 422 (a transaction then stores
 * nothing); in {@code warn} mode it is stored and the findings are reported with the response.
 */
@Component
@Interceptor
public final class HandoffGuard implements StorageInterceptor {

    /** RequestDetails user-data key under which findings of stored writes wait for the response. */
    static final String REPORTED = HandoffGuard.class.getName() + ".reported";
    /**
     * RequestDetails user-data key of the Bundle a transaction or batch request sent. HAPI hands each entry's write a
     * sub-request that shares the user data of the request but not its resource.
     */
    static final String REQUEST_BUNDLE = HandoffGuard.class.getName() + ".bundle";

    private static final String BUNDLE_INDEX = HandoffGuard.class.getName() + ".bundleIndex";

    private final DaoRegistry daos;
    private final HandoffRecords records;
    private final HandoffValidator validator = new HandoffValidator();
    private final MeterRegistry meters;
    private volatile GuardMode mode;

    HandoffGuard(DaoRegistry daos, HandoffRecords records, HandoffProperties properties, MeterRegistry meters) {
        this.daos = daos;
        this.records = records;
        this.mode = properties.guard();
        this.meters = meters;
    }

    public GuardMode mode() {
        return mode;
    }

    /** Changes the mode at run time (the integration suite uses this to exercise every mode in one server). */
    public void mode(GuardMode mode) {
        this.mode = mode;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request, TransactionDetails write) {
        check(null, resource, request, write);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(
            IBaseResource previous, IBaseResource resource, RequestDetails request, TransactionDetails write) {
        check(previous, resource, request, write);
    }

    private void check(
            IBaseResource previous, IBaseResource resource, RequestDetails request, TransactionDetails write) {
        GuardMode current = mode;
        if (current == GuardMode.OFF || !(resource instanceof Task task)) {
            return;
        }
        BundleIndex bundle = bundleOf(request);
        Optional<Task> stored = isDeleted(previous)
                // A write to a deleted Task is judged against its last version before the deletion: deleting a
                // completed handoff and writing it again must not reopen it.
                ? PastVersions.beforeDeletion(daos, (Task) previous, task, request)
                : Optional.ofNullable((Task) previous);
        DaoHandoffRecord record =
                records.forWrite(request, write, bundle, stored).lookingUpTogether(task);
        List<Finding> findings = validator.validate(task, record).orElse(List.of());
        if (findings.isEmpty()) {
            return;
        }
        boolean refused = current == GuardMode.ENFORCE && HandoffOutcomes.hasErrors(findings);
        for (Finding finding : findings) {
            meters.counter(
                            "carerelay.handoff.findings",
                            "rule",
                            finding.rule().code(),
                            "severity",
                            finding.severity().toCode(),
                            "refused",
                            Boolean.toString(refused))
                    .increment();
        }
        OperationOutcome outcome = HandoffOutcomes.addFindings(new OperationOutcome(), findings, bundle.pathOf(task));
        if (current == GuardMode.ENFORCE && HandoffOutcomes.hasErrors(findings)) {
            // The message repeats the errors, for the log and for clients that read only the message.
            String errors = outcome.getIssue().stream()
                    .filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
                    .map(issue -> issue.getDetails().getCodingFirstRep().getCode() + " at "
                            + issue.getExpression().get(0).getValue() + ": "
                            + issue.getDetails().getText())
                    .collect(Collectors.joining("; "));
            throw new UnprocessableEntityException("Unsafe handoff refused: " + errors, outcome);
        }
        if (request != null) {
            reported(request).addAll(outcome.getIssue());
        }
    }

    /** HAPI hands an update of a deleted resource the deleted version: an empty resource marked deleted. */
    private static boolean isDeleted(IBaseResource previous) {
        return previous instanceof IAnyResource stored && ResourceMetadataKeyEnum.DELETED_AT.get(stored) != null;
    }

    private static BundleIndex bundleOf(RequestDetails request) {
        if (request == null) {
            return BundleIndex.EMPTY;
        }
        if (request.getResource() instanceof Bundle sent) {
            return new BundleIndex(sent);
        }
        if (!(request.getUserData().get(REQUEST_BUNDLE) instanceof Bundle sent)) {
            return BundleIndex.EMPTY;
        }
        // One index per request, shared by the writes of all its entries.
        return (BundleIndex) request.getUserData().computeIfAbsent(BUNDLE_INDEX, key -> new BundleIndex(sent));
    }

    @SuppressWarnings("unchecked")
    static List<OperationOutcome.OperationOutcomeIssueComponent> reported(RequestDetails request) {
        return (List<OperationOutcome.OperationOutcomeIssueComponent>)
                request.getUserData().computeIfAbsent(REPORTED, key -> new ArrayList<>());
    }
}
