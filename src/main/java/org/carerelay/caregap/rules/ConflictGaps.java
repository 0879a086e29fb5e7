package org.carerelay.caregap.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Plans that contradict each other (G11): one gap per patient whose plans hold conflicts, one finding per side of each
 * conflict. The conflicts themselves are the plan-conflict feature's ({@link PlanConflicts}); {@code $plan-conflicts}
 * answers each as a DetectedIssue of its own.
 */
final class ConflictGaps {

    private ConflictGaps() {}

    static List<Gap> conflictingPlans(PatientRecord record, AsOf asOf, PlanConflicts conflicts) {
        List<PlanConflicts.Conflict> found = conflicts.in(record, asOf);
        if (found.isEmpty()) {
            return List.of();
        }
        List<Gap.Finding> findings = new ArrayList<>();
        for (PlanConflicts.Conflict conflict : found) {
            String what = conflict.code() + " (" + conflict.severity() + ")";
            findings.add(side(conflict.first(), what + ": " + conflict.detail()));
            findings.add(side(
                    conflict.second(),
                    "the other side of " + what + " with " + conflict.first().described()));
        }
        return List.of(new Gap(
                CareGapRule.CONFLICTING_PLANS,
                findings,
                found.size() + (found.size() == 1 ? " conflict" : " conflicts") + " between the patient's plans ("
                        + found.stream().map(PlanConflicts.Conflict::code).collect(Collectors.joining(", "))
                        + "); $plan-conflicts details each"));
    }

    private static Gap.Finding side(PlanConflicts.Side side, String text) {
        return side.resource() != null ? Gap.Finding.of(side.resource(), text) : new Gap.Finding(null, text);
    }
}
