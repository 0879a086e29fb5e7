package org.carerelay.conflict.rules;

/**
 * The kinds of plan conflict. A rule's code is public API (clients filter and count by it); the knowledge entry that
 * fired (such as {@code ddi-statin-cyp3a4}) is the finer code.
 */
public enum ConflictRule {
    DRUG_DRUG("drug-drug", "Drug-drug interaction", "DRG"),
    DRUG_DISEASE("drug-disease", "Drug-disease contraindication", "COND"),
    DUPLICATE_THERAPY("duplicate-therapy", "Duplicate therapy", "DUPTHPY"),
    CONFLICTING_GOALS("conflicting-goals", "Conflicting goals", null),
    PROHIBITED_VS_ORDERED("prohibited-vs-ordered", "Prohibited in one plan, ordered in another", null);

    private final String code;
    private final String title;
    private final String actCode;

    ConflictRule(String code, String title, String actCode) {
        this.code = code;
        this.title = title;
        this.actCode = actCode;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** The v3-ActCode detected-issue code of this kind, or null when that vocabulary has none. */
    public String actCode() {
        return actCode;
    }
}
