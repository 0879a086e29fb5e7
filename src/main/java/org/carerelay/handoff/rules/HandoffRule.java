package org.carerelay.handoff.rules;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The handoff rules. A rule's code is public API: clients filter and count findings by it. The H numbers only order
 * the list.
 */
public enum HandoffRule {
    PATIENT_MISSING("patient-missing", "Task.for is not a Patient", IssueType.REQUIRED, null),
    GIVER_MISSING("giver-missing", "No giver (Task.requester)", IssueType.REQUIRED, null),
    RECEIVER_MISSING("receiver-missing", "No receiver (Task.owner)", IssueType.REQUIRED, null),
    SEVERITY_MISSING("severity-missing", "No illness severity", IssueType.REQUIRED, IpassElement.ILLNESS_SEVERITY),
    SUMMARY_MISSING("summary-missing", "No patient summary", IssueType.REQUIRED, IpassElement.PATIENT_SUMMARY),
    ACTIONS_MISSING("actions-missing", "No action list", IssueType.REQUIRED, IpassElement.ACTION_LIST),
    CONTINGENCY_MISSING(
            "contingency-missing",
            "No situation awareness or contingency plan",
            IssueType.REQUIRED,
            IpassElement.SITUATION_AWARENESS),
    DUE_DATE_MISSING("due-date-missing", "No due date (Task.restriction.period.end)", IssueType.REQUIRED, null),
    MEDICATION_LIST_MISSING(
            "medication-list-missing",
            "Transition of care without a medication list",
            IssueType.REQUIRED,
            IpassElement.PATIENT_SUMMARY),
    SUBJECT_MISMATCH("subject-mismatch", "Resources name different patients", IssueType.INVARIANT, null),
    DANGLING_REFERENCE("dangling-reference", "Reference to a resource that does not exist", IssueType.NOTFOUND, null),
    RECEIVER_NOT_ON_CARE_TEAM(
            "receiver-not-on-care-team",
            "Receiver is on none of the patient's active care teams",
            IssueType.BUSINESSRULE,
            null),
    SYNTHESIS_MISSING(
            "synthesis-missing",
            "Accepted without a receiver synthesis",
            IssueType.REQUIRED,
            IpassElement.SYNTHESIS_BY_RECEIVER),
    INVALID_TRANSITION(
            "invalid-transition", "Status change the Task state machine does not allow", IssueType.CONFLICT, null),
    STATUS_REASON_MISSING(
            "status-reason-missing", "Status needs a reason (Task.statusReason)", IssueType.REQUIRED, null),
    LOOP_NOT_CLOSED(
            "loop-not-closed", "Completed referral without an outcome in Task.output", IssueType.BUSINESSRULE, null);

    private final String code;
    private final String title;
    private final IssueType issueType;
    private final IpassElement ipass;

    HandoffRule(String code, String title, IssueType issueType, IpassElement ipass) {
        this.code = code;
        this.title = title;
        this.issueType = issueType;
        this.ipass = ipass;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public IssueType issueType() {
        return issueType;
    }

    /** The I-PASS element the rule guards, or null. */
    public IpassElement ipass() {
        return ipass;
    }

    /** Rules that apply to draft Tasks too: a handoff may be built step by step, but never inconsistently. */
    public boolean structural() {
        return this == SUBJECT_MISMATCH || this == DANGLING_REFERENCE || this == INVALID_TRANSITION;
    }
}
