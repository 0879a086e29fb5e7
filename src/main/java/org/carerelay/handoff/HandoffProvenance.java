package org.carerelay.handoff;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.util.Date;
import java.util.Optional;
import org.carerelay.fhir.Caller;
import org.carerelay.handoff.rules.HandoffType;
import org.carerelay.server.StorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.springframework.stereotype.Component;

/**
 * Writes a Provenance for every stored handoff creation and status change, in the same database transaction as the
 * Task version it targets: {@code Provenance?target=Task/x} then shows who handed what to whom, and when.
 */
@Component
@Interceptor
final class HandoffProvenance implements StorageInterceptor {

    static final String TASK_STATUS = "http://hl7.org/fhir/task-status";
    static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

    private final DaoRegistry daos;
    private final HandoffRecords records;

    HandoffProvenance(DaoRegistry daos, HandoffRecords records) {
        this.daos = daos;
        this.records = records;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request, TransactionDetails write) {
        if (resource instanceof Task task && isHandoff(task, request)) {
            write(task, "1", task.getRequester(), "author", request, write);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(
            IBaseResource previous, IBaseResource resource, RequestDetails request, TransactionDetails write) {
        if (resource instanceof Task task
                && previous instanceof Task before
                && before.getStatus() != task.getStatus()
                && isHandoff(task, request)) {
            boolean byGiver =
                    task.getStatus() == TaskStatus.CANCELLED || !task.getOwner().hasReference();
            String version = String.valueOf(before.getIdElement().getVersionIdPartAsLong() + 1);
            write(
                    task,
                    version,
                    byGiver ? task.getRequester() : task.getOwner(),
                    byGiver ? "author" : "performer",
                    request,
                    write);
        }
    }

    private boolean isHandoff(Task task, RequestDetails request) {
        return HandoffType.of(task, records.forCheck(request, BundleIndex.EMPTY, Optional.empty()))
                .isPresent();
    }

    /**
     * @param version the version this write gives the Task; HAPI assigns it only after the pre-commit hooks, and
     *     always as the stored version plus one
     * @param write the Task's write: the Provenance joins it, so that HAPI links the Provenance to the Task and the
     *     agent it has just resolved for the Task instead of looking them up again (and flushing the Task to find it)
     */
    private void write(
            Task task, String version, Reference agent, String role, RequestDetails request, TransactionDetails write) {
        Provenance provenance = new Provenance();
        String target = task.getIdElement().hasVersionIdPart()
                ? task.getIdElement().toUnqualified().getValue()
                : task.getIdElement()
                        .toUnqualifiedVersionless()
                        .withVersion(version)
                        .getValue();
        provenance.addTarget(new Reference(target));
        provenance.setRecorded(new Date());
        TaskStatus status = task.getStatus();
        if (status != null) {
            provenance.getActivity().addCoding(new Coding(TASK_STATUS, status.toCode(), status.getDisplay()));
        }
        Provenance.ProvenanceAgentComponent who = provenance.addAgent();
        who.getType().addCoding(new Coding(PARTICIPANT_TYPE, role, null));
        who.setWho(
                agent.hasReference() || agent.hasIdentifier() ? agent.copy() : new Reference().setDisplay("unknown"));
        // who actually sent the write, as the token says (absent when security is off)
        Caller.of(request).ifPresent(caller -> {
            Provenance.ProvenanceAgentComponent enterer = provenance.addAgent();
            enterer.getType().addCoding(new Coding(PARTICIPANT_TYPE, "enterer", null));
            enterer.setWho(caller.asAgent());
        });
        // The server writes its own audit record: no caller permission is needed for it.
        daos.getResourceDao(Provenance.class)
                .create(
                        provenance,
                        null,
                        true,
                        new SystemRequestDetails(),
                        write == null ? new TransactionDetails() : write);
    }
}
