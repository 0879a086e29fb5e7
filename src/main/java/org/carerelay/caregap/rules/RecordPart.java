package org.carerelay.caregap.rules;

import java.util.EnumSet;
import java.util.Set;

/**
 * The parts of a patient's record the rules read, so that a loader reads only what the selected rules need: a real
 * chart holds hundreds of vitals, labs, claims and encounters that no rule looks at, and one that asks only about
 * HbA1c needs the conditions and the HbA1c results, nothing else. A part left out is an empty list in the
 * {@link PatientRecord}.
 */
public enum RecordPart {
    CONDITIONS,
    SERVICE_REQUESTS,
    TASKS,
    CARE_PLANS,
    CARE_TEAMS,
    /** Encounters that had not ended before the look-back window (stays and their follow-up visits). */
    RECENT_ENCOUNTERS,
    /** PHQ-9 totals (LOINC 44261-6). */
    PHQ9,
    /** HbA1c results (LOINC 4548-4 and 17856-6). */
    HBA1C,
    /** Encounters, observations, procedures and reports {@code basedOn} an open referral. */
    REFERRAL_RESULTS,
    /** Medication orders and statements. */
    MEDICATIONS,
    /** Goals. */
    GOALS,
    /**
     * The observations the plan-conflict rules read: eGFR results (by the codes {@link PlanConflicts#observationCodes()}
     * names) and NYHA classes (by the values {@link PlanConflicts#observationValues()} names).
     */
    PLAN_OBSERVATIONS,
    /**
     * The hospital stays the plan-conflict rules read (a recent decompensation): of the classes
     * {@link PlanConflicts#stayClasses()} names, not ended {@link PlanConflicts#stayDays()} days before the day.
     */
    PLAN_STAYS;

    /** What the given rules read, together. */
    public static Set<RecordPart> readBy(Set<CareGapRule> rules) {
        Set<RecordPart> parts = EnumSet.noneOf(RecordPart.class);
        rules.forEach(rule -> parts.addAll(of(rule)));
        return parts;
    }

    static Set<RecordPart> of(CareGapRule rule) {
        return switch (rule) {
            case REFERRAL_OPEN -> EnumSet.of(SERVICE_REQUESTS, TASKS, REFERRAL_RESULTS);
            case HANDOFF_UNACKNOWLEDGED, TASK_OVERDUE -> EnumSet.of(TASKS);
            // activities reference Tasks and ServiceRequests, each with its own status and due date
            case CAREPLAN_ACTIVITY_OVERDUE -> EnumSet.of(CARE_PLANS, TASKS, SERVICE_REQUESTS);
            case CAREPLAN_REVIEW_OVERDUE, FRAGMENTED_CARE_PLANS -> EnumSet.of(CARE_PLANS);
            case NO_CARE_COORDINATOR -> EnumSet.of(CONDITIONS, CARE_TEAMS);
            case DEPRESSION_FOLLOW_UP_MISSING -> EnumSet.of(PHQ9, CONDITIONS, CARE_PLANS, SERVICE_REQUESTS);
            case HBA1C_OVERDUE -> EnumSet.of(CONDITIONS, HBA1C);
            case POST_DISCHARGE_FOLLOW_UP_MISSING -> EnumSet.of(RECENT_ENCOUNTERS);
            // what $plan-conflicts reads: plans, orders, statements, conditions, goals, eGFR, NYHA, stays, service
            // requests
            case CONFLICTING_PLANS ->
                EnumSet.of(CARE_PLANS, MEDICATIONS, CONDITIONS, GOALS, PLAN_OBSERVATIONS, PLAN_STAYS, SERVICE_REQUESTS);
        };
    }
}
