package org.carerelay.handoff;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Optional;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.handoff.rules.Finding;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.handoff.rules.HandoffValidator;
import org.carerelay.server.OperationProvider;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/** {@code $validate-handoff}: the handoff findings for a stored Task, a Task not stored yet, or a whole bundle. */
@Component
final class ValidateHandoffProvider implements OperationProvider {

    static final String NAME = "$validate-handoff";

    private final DaoRegistry daos;
    private final HandoffRecords records;
    private final LocalServer server;
    private final HandoffValidator validator = new HandoffValidator();

    ValidateHandoffProvider(DaoRegistry daos, HandoffRecords records) {
        this.daos = daos;
        this.records = records;
        this.server = records.server();
    }

    @Operation(name = NAME, type = Task.class, idempotent = true)
    public OperationOutcome validateStored(@IdParam IdType id, RequestDetails request) {
        Task task = daos.getResourceDao(Task.class).read(id.toUnqualifiedVersionless(), request);
        if (task == null) {
            // hidden from this caller by the security layer
            throw new ResourceNotFoundException(id.toUnqualifiedVersionless());
        }
        DaoHandoffRecord record = records.forCheck(request, BundleIndex.EMPTY, Optional.empty());
        List<Finding> findings = validator
                .validate(task, record.lookingUpTogether(task))
                .orElseThrow(() -> notAHandoff("Task/" + id.getIdPart() + " is not a handoff"));
        return answer(findings, "Task", "The handoff is complete");
    }

    @Operation(name = NAME, type = Task.class)
    public OperationOutcome validate(
            @OperationParam(name = "resource", min = 0, max = 1) Task resource,
            @OperationParam(name = "bundle", min = 0, max = 1) Bundle bundle,
            RequestDetails request) {
        if ((resource == null) == (bundle == null)) {
            throw invalid("Send exactly one of the parameters 'resource' (a Task) or 'bundle' (a Bundle)");
        }
        if (resource != null) {
            DaoHandoffRecord record = records.forCheck(request, BundleIndex.EMPTY, null);
            List<Finding> findings = validator
                    .validate(resource, record.lookingUpTogether(resource))
                    .orElseThrow(() -> notAHandoff("The Task is not a handoff"));
            return answer(findings, "Task", "The handoff is complete");
        }
        return validateBundle(bundle, request);
    }

    private OperationOutcome validateBundle(Bundle bundle, RequestDetails request) {
        BundleIndex index = new BundleIndex(bundle, server);
        DaoHandoffRecord record = records.forCheck(request, index, null);
        OperationOutcome outcome = new OperationOutcome();
        int handoffs = 0;
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            if (!(bundle.getEntry().get(i).getResource() instanceof Task task)) {
                continue;
            }
            Optional<List<Finding>> findings = validator.validate(task, record.lookingUpTogether(task));
            if (findings.isPresent()) {
                handoffs++;
                HandoffOutcomes.addFindings(outcome, findings.get(), "Bundle.entry[" + i + "].resource");
            }
        }
        if (handoffs == 0) {
            throw notAHandoff("The bundle holds no handoff Task");
        }
        if (outcome.getIssue().isEmpty()) {
            return HandoffOutcomes.complete(
                    handoffs == 1 ? "The handoff is complete" : "All " + handoffs + " handoffs are complete");
        }
        return outcome;
    }

    private static OperationOutcome answer(List<Finding> findings, String at, String completeMessage) {
        if (findings.isEmpty()) {
            return HandoffOutcomes.complete(completeMessage);
        }
        return HandoffOutcomes.addFindings(new OperationOutcome(), findings, at);
    }

    private static InvalidRequestException notAHandoff(String what) {
        return invalid(what + ": a handoff Task has a Task.code from " + HandoffCodes.HANDOFF_TYPE
                + ", or task-code#fulfill with a ServiceRequest in Task.focus");
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message));
    }
}
