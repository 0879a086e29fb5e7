package org.carerelay.conflict.rules;

import java.util.List;

/**
 * A conflict between two sides of a patient's plans, with the knowledge entry and sources that say so.
 *
 * @param entry the knowledge entry that fired ({@code ddi-statin-cyp3a4})
 * @param severity {@code high}, {@code moderate} or {@code low} (FHIR's detectedissue-severity)
 * @param summary what clashes, in words, without the source and action
 * @param note a qualification of the finding ("ejection fraction unknown"), or null
 * @param textOnly a medication was recognised by its text alone, not by a code: a lower-confidence finding
 */
public record Conflict(
        ConflictRule rule,
        String entry,
        String severity,
        Side first,
        Side second,
        List<Knowledge.Source> sources,
        String summary,
        String note,
        String action,
        boolean textOnly) {

    /** Both sides by one author: reported, but the cross-author conflicts are the point. */
    public boolean sameAuthor() {
        return first.authorKey() != null && first.authorKey().equals(second.authorKey());
    }

    /**
     * The finding in words: the first source's short name, what clashes, its qualifications and the suggested action
     * (R4's {@code mitigation} records actions already taken, so the suggestion lives here).
     */
    public String detail() {
        StringBuilder text =
                new StringBuilder(sources.get(0).shortName()).append(": ").append(summary);
        if (note != null) {
            text.append(" (").append(note).append(')');
        }
        text.append('.');
        if (textOnly) {
            text.append(" Lower confidence: a medication was matched by its text only, not by a code.");
        }
        if (sameAuthor()) {
            text.append(" Both sides are by the same author.");
        }
        text.append(" Suggested action: ").append(action).append('.');
        return text.toString();
    }
}
