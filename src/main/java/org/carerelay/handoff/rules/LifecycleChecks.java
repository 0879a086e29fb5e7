package org.carerelay.handoff.rules;

import static org.carerelay.handoff.rules.Check.error;
import static org.carerelay.handoff.rules.Check.finding;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/** When the handoff is due, why it stopped, and whether a finished referral closed its loop. */
final class LifecycleChecks {

    private static final Set<TaskStatus> NEEDS_REASON =
            EnumSet.of(TaskStatus.REJECTED, TaskStatus.CANCELLED, TaskStatus.ONHOLD, TaskStatus.FAILED);
    private static final List<String> OUTCOME_TYPES =
            List.of("Encounter", "Procedure", "DiagnosticReport", "Observation", "DocumentReference");

    private LifecycleChecks() {}

    static List<Finding> dueDate(Handoff handoff) {
        if (handoff.task().getRestriction().getPeriod().hasEnd()) {
            return List.of();
        }
        return finding(
                HandoffRule.DUE_DATE_MISSING,
                handoff.is(HandoffType.REFERRAL),
                "restriction.period.end",
                "No due date: set Task.restriction.period.end so an unanswered handoff can be noticed");
    }

    static List<Finding> statusReason(Handoff handoff) {
        if (!NEEDS_REASON.contains(handoff.status()) || handoff.task().hasStatusReason()) {
            return List.of();
        }
        return error(
                HandoffRule.STATUS_REASON_MISSING,
                "statusReason",
                "A handoff that is " + handoff.status().toCode() + " must say why (Task.statusReason)");
    }

    static List<Finding> loopClosed(Handoff handoff) {
        if (!handoff.is(HandoffType.REFERRAL)
                || handoff.status() != TaskStatus.COMPLETED
                || handoff.hasOutputReferencing(OUTCOME_TYPES)) {
            return List.of();
        }
        return error(
                HandoffRule.LOOP_NOT_CLOSED,
                "output",
                "The referral is completed but Task.output references no outcome (an Encounter, Procedure,"
                        + " DiagnosticReport, Observation or DocumentReference)");
    }
}
