package org.carerelay.handoff.rules;

import static org.carerelay.handoff.rules.Check.error;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** What must hold even for a draft: one patient throughout, no dangling references, legal status changes. */
final class StructuralChecks {

    /** The resources whose subject must be the Task's patient. */
    private static final Set<String> SUBJECT_TYPES = Set.of("ServiceRequest", "CarePlan", "Condition");

    private StructuralChecks() {}

    static List<Finding> subjectMismatch(Handoff handoff) {
        Task task = handoff.task();
        if (!task.getFor().hasReference() || !handoff.record().isLocal(task.getFor())) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (PathReference ref : related(task)) {
            if (!SUBJECT_TYPES.contains(handoff.record().typeOf(ref.reference()).orElse(""))) {
                continue;
            }
            Optional<Resource> resource = handoff.record().resolve(ref.reference());
            Reference subject = resource.map(StructuralChecks::subjectOf).orElse(null);
            if (subject != null
                    && subject.hasReference()
                    && handoff.record().isLocal(subject)
                    && !samePatient(handoff, task.getFor(), subject)) {
                findings.addAll(error(
                        HandoffRule.SUBJECT_MISMATCH,
                        ref.path(),
                        ref.reference().getReference() + " is about " + subject.getReference()
                                + ", but the Task is about " + task.getFor().getReference()));
            }
        }
        return findings;
    }

    static List<Finding> danglingReferences(Handoff handoff) {
        List<Finding> findings = new ArrayList<>();
        for (PathReference ref : allReferences(handoff.task())) {
            Reference reference = ref.reference();
            if (reference.hasReference()
                    && handoff.record().isLocal(reference)
                    && !handoff.record().exists(reference)) {
                findings.addAll(error(
                        HandoffRule.DANGLING_REFERENCE,
                        ref.path(),
                        "Task." + ref.path() + " references " + reference.getReference()
                                + ", which exists neither on the server nor in the same bundle"));
            }
        }
        return findings;
    }

    static List<Finding> invalidTransition(Handoff handoff) {
        Optional<Task> stored = handoff.record().storedVersion(handoff.task());
        if (stored.isEmpty() || stored.get().getStatus() == null || handoff.status() == null) {
            return List.of();
        }
        Task.TaskStatus from = stored.get().getStatus();
        if (TaskStateMachine.allows(from, handoff.status())) {
            return List.of();
        }
        return error(
                HandoffRule.INVALID_TRANSITION,
                "status",
                "A handoff cannot go from " + from.toCode() + " to "
                        + handoff.status().toCode());
    }

    private static boolean samePatient(Handoff handoff, Reference taskPatient, Reference subject) {
        if (Objects.equals(handoff.record().key(taskPatient), handoff.record().key(subject))) {
            return true;
        }
        Optional<Resource> a = handoff.record().resolve(taskPatient);
        Optional<Resource> b = handoff.record().resolve(subject);
        return a.isPresent()
                && b.isPresent()
                && (a.get() == b.get()
                        || (a.get().getIdElement().hasIdPart()
                                && a.get()
                                        .getIdElement()
                                        .toUnqualifiedVersionless()
                                        .getValue()
                                        .equals(b.get()
                                                .getIdElement()
                                                .toUnqualifiedVersionless()
                                                .getValue())));
    }

    private static Reference subjectOf(Resource resource) {
        if (resource instanceof ServiceRequest request) {
            return request.getSubject();
        }
        if (resource instanceof CarePlan plan) {
            return plan.getSubject();
        }
        if (resource instanceof Condition condition) {
            return condition.getSubject();
        }
        return null;
    }

    /** The focus, CarePlans and Conditions that must be about the Task's patient. */
    private static List<PathReference> related(Task task) {
        List<PathReference> related = new ArrayList<>();
        if (task.hasFocus()) {
            related.add(new PathReference("focus", task.getFocus()));
        }
        indexed(related, "basedOn", task.getBasedOn());
        if (task.hasReasonReference()) {
            related.add(new PathReference("reasonReference", task.getReasonReference()));
        }
        for (int i = 0; i < task.getInput().size(); i++) {
            if (task.getInput().get(i).getValue() instanceof Reference reference) {
                related.add(new PathReference("input[" + i + "].value", reference));
            }
        }
        return related;
    }

    private static List<PathReference> allReferences(Task task) {
        List<PathReference> references = new ArrayList<>();
        references.add(new PathReference("for", task.getFor()));
        references.add(new PathReference("focus", task.getFocus()));
        references.add(new PathReference("requester", task.getRequester()));
        references.add(new PathReference("owner", task.getOwner()));
        references.add(new PathReference("encounter", task.getEncounter()));
        references.add(new PathReference("reasonReference", task.getReasonReference()));
        indexed(references, "basedOn", task.getBasedOn());
        indexed(references, "partOf", task.getPartOf());
        for (int i = 0; i < task.getInput().size(); i++) {
            if (task.getInput().get(i).getValue() instanceof Reference reference) {
                references.add(new PathReference("input[" + i + "].value", reference));
            }
        }
        for (int i = 0; i < task.getOutput().size(); i++) {
            if (task.getOutput().get(i).getValue() instanceof Reference reference) {
                references.add(new PathReference("output[" + i + "].value", reference));
            }
        }
        return references;
    }

    private static void indexed(List<PathReference> into, String path, List<Reference> references) {
        for (int i = 0; i < references.size(); i++) {
            if (references.get(i).hasReference()) {
                into.add(new PathReference(path + "[" + i + "]", references.get(i)));
            }
        }
    }

    private record PathReference(String path, Reference reference) {}
}
