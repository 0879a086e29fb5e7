package org.carerelay.handoff.rules;

/** The five elements of an I-PASS handoff. */
public enum IpassElement {
    ILLNESS_SEVERITY("illness-severity", "Illness severity"),
    PATIENT_SUMMARY("patient-summary", "Patient summary"),
    ACTION_LIST("action-list", "Action list"),
    SITUATION_AWARENESS("situation-awareness", "Situation awareness and contingency planning"),
    SYNTHESIS_BY_RECEIVER("synthesis-by-receiver", "Synthesis by receiver");

    private final String code;
    private final String display;

    IpassElement(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }
}
