package org.carerelay.caregap.rules;

import java.util.Set;

/** The care-gap rules. A rule's code is public API: clients filter and count gaps by it. */
public enum CareGapRule {
    REFERRAL_OPEN(
            "referral-open",
            "Referral never completed",
            "Contact the referred-to service and the patient to close the referral"),
    HANDOFF_UNACKNOWLEDGED(
            "handoff-unacknowledged",
            "Handoff not acknowledged",
            "Call the receiver to confirm they accepted the handoff"),
    TASK_OVERDUE("task-overdue", "Task overdue", "Follow up with the task owner or reassign the task"),
    CAREPLAN_ACTIVITY_OVERDUE(
            "careplan-activity-overdue", "Care plan activity overdue", "Reschedule or complete the overdue activity"),
    CAREPLAN_REVIEW_OVERDUE(
            "careplan-review-overdue",
            "Care plan review overdue",
            "Review the care plan with the patient and care team"),
    NO_CARE_COORDINATOR(
            "no-care-coordinator",
            "Multiple chronic conditions without a care coordinator",
            "Assign a care coordinator to the patient's care team"),
    FRAGMENTED_CARE_PLANS(
            "fragmented-care-plans",
            "Care plans written without awareness of each other",
            "Reconcile the care plans in a shared care team"),
    DEPRESSION_FOLLOW_UP_MISSING(
            "depression-follow-up-missing",
            "Positive depression screen without follow-up",
            "Repeat the PHQ-9 or start a plan or referral for depression"),
    HBA1C_OVERDUE("hba1c-overdue", "HbA1c overdue", "Order an HbA1c test"),
    POST_DISCHARGE_FOLLOW_UP_MISSING(
            "post-discharge-follow-up-missing",
            "No follow-up visit after discharge",
            "Schedule an ambulatory, home-health or virtual follow-up visit"),
    CONFLICTING_PLANS(
            "conflicting-plans",
            "Care plans that contradict each other",
            "Reconcile the conflicting orders and goals with both authors ($plan-conflicts details each conflict)");

    private final String code;
    private final String title;
    private final String mitigation;

    CareGapRule(String code, String title, String mitigation) {
        this.code = code;
        this.title = title;
        this.mitigation = mitigation;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /**
     * The resource types of which one must reference the patient for this gap to be possible at all: each gap stands on
     * such a resource (a referral, a task, a plan, a condition, a PHQ-9 result, a stay; G11 on a drug, a plan or an
     * order), so a patient no resource of these types references has none. A necessary condition only.
     */
    public Set<String> standsOn() {
        return switch (this) {
            case REFERRAL_OPEN -> Set.of("ServiceRequest");
            case HANDOFF_UNACKNOWLEDGED, TASK_OVERDUE -> Set.of("Task");
            case CAREPLAN_ACTIVITY_OVERDUE, CAREPLAN_REVIEW_OVERDUE, FRAGMENTED_CARE_PLANS -> Set.of("CarePlan");
            case NO_CARE_COORDINATOR, HBA1C_OVERDUE -> Set.of("Condition");
            case DEPRESSION_FOLLOW_UP_MISSING -> Set.of("Observation");
            case POST_DISCHARGE_FOLLOW_UP_MISSING -> Set.of("Encounter");
            // drugs come from plans, orders and statements; goals conflict only as named by plans; a prohibition
            // stands on a plan or a service request
            case CONFLICTING_PLANS -> Set.of("CarePlan", "MedicationRequest", "MedicationStatement", "ServiceRequest");
        };
    }

    /** A one-line suggested mitigation. */
    public String mitigation() {
        return mitigation;
    }
}
