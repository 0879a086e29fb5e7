package org.carerelay.handoff.rules;

import org.carerelay.fhir.Canonical;

/** The CodeSystems of the handoff feature. */
public final class HandoffCodes {

    /** Kinds of handoff, in {@code Task.code}. */
    public static final String HANDOFF_TYPE = Canonical.codeSystem("handoff-type");
    /** Rule ids, in {@code OperationOutcome.issue.details.coding}. */
    public static final String HANDOFF_RULE = Canonical.codeSystem("handoff-rule");
    /** I-PASS elements, in {@code OperationOutcome.issue.details.coding}. */
    public static final String IPASS = Canonical.codeSystem("ipass");
    /** Types of {@code Task.input} and {@code Task.output} that carry I-PASS content. */
    public static final String HANDOFF_PARAMETER = Canonical.codeSystem("handoff-parameter");
    /** Values of an illness-severity input. */
    public static final String ILLNESS_SEVERITY = Canonical.codeSystem("illness-severity");

    /** FHIR's own task codes; {@code fulfill} with a ServiceRequest focus is a closed-loop referral. */
    public static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";

    public static final String ILLNESS_SEVERITY_INPUT = "illness-severity";
    public static final String ACTION_ITEM_INPUT = "action-item";
    public static final String CONTINGENCY_PLAN_INPUT = "contingency-plan";
    public static final String RECEIVER_SYNTHESIS_OUTPUT = "receiver-synthesis";

    private HandoffCodes() {}
}
