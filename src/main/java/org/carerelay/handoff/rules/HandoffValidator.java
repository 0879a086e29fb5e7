package org.carerelay.handoff.rules;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Task;

/** Checks a Task against every handoff rule. Pure: it reads only through the {@link HandoffRecord} it is given. */
public final class HandoffValidator {

    private static final List<Check> CHECKS = List.of(
            new Check(HandoffRule.PATIENT_MISSING, ParticipantChecks::patient),
            new Check(HandoffRule.GIVER_MISSING, ParticipantChecks::giver),
            new Check(HandoffRule.RECEIVER_MISSING, ParticipantChecks::receiver),
            new Check(HandoffRule.SEVERITY_MISSING, IpassChecks::severity),
            new Check(HandoffRule.SUMMARY_MISSING, IpassChecks::summary),
            new Check(HandoffRule.ACTIONS_MISSING, IpassChecks::actions),
            new Check(HandoffRule.CONTINGENCY_MISSING, IpassChecks::contingency),
            new Check(HandoffRule.DUE_DATE_MISSING, LifecycleChecks::dueDate),
            new Check(HandoffRule.MEDICATION_LIST_MISSING, IpassChecks::medicationList),
            new Check(HandoffRule.SUBJECT_MISMATCH, StructuralChecks::subjectMismatch),
            new Check(HandoffRule.DANGLING_REFERENCE, StructuralChecks::danglingReferences),
            new Check(HandoffRule.RECEIVER_NOT_ON_CARE_TEAM, ParticipantChecks::receiverOnCareTeam),
            new Check(HandoffRule.SYNTHESIS_MISSING, IpassChecks::synthesis),
            new Check(HandoffRule.INVALID_TRANSITION, StructuralChecks::invalidTransition),
            new Check(HandoffRule.STATUS_REASON_MISSING, LifecycleChecks::statusReason),
            new Check(HandoffRule.LOOP_NOT_CLOSED, LifecycleChecks::loopClosed));

    /**
     * A handoff can always be called off (cancelled) or marked entered-in-error, also when something it references is
     * gone or it was stored incomplete: then only the status change itself, its reason and the patient are checked.
     */
    private static final Set<Task.TaskStatus> CLOSING =
            EnumSet.of(Task.TaskStatus.CANCELLED, Task.TaskStatus.ENTEREDINERROR);

    private static final Set<HandoffRule> CLOSING_RULES =
            EnumSet.of(HandoffRule.SUBJECT_MISMATCH, HandoffRule.INVALID_TRANSITION, HandoffRule.STATUS_REASON_MISSING);

    /** The findings for a handoff Task; empty when the Task is not a handoff at all. */
    public Optional<List<Finding>> validate(Task task, HandoffRecord record) {
        return HandoffType.of(task, record).map(type -> {
            Handoff handoff = new Handoff(task, type, record);
            boolean draft = task.getStatus() == Task.TaskStatus.DRAFT;
            boolean closing = CLOSING.contains(task.getStatus());
            return CHECKS.stream()
                    .filter(check -> !draft || check.rule().structural())
                    .filter(check -> !closing || CLOSING_RULES.contains(check.rule()))
                    .flatMap(check -> check.apply(handoff).stream())
                    .toList();
        });
    }
}
