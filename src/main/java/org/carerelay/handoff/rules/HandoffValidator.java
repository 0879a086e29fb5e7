package org.carerelay.handoff.rules;

import java.util.List;
import java.util.Optional;
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

    /** The findings for a handoff Task; empty when the Task is not a handoff at all. */
    public Optional<List<Finding>> validate(Task task, HandoffRecord record) {
        return HandoffType.of(task, record).map(type -> {
            Handoff handoff = new Handoff(task, type, record);
            boolean draft = task.getStatus() == Task.TaskStatus.DRAFT;
            return CHECKS.stream()
                    .filter(check -> !draft || check.rule().structural())
                    .flatMap(check -> check.apply(handoff).stream())
                    .toList();
        });
    }
}
