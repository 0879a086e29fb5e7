package org.carerelay.conflict.rules;

import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * One side of a conflict: the resource implicated, what it is about in words, who wrote it (null when the record does
 * not say) and the care plan it belongs to (null when none names it).
 */
public record Side(Resource resource, String key, String what, Reference author, String plan) {

    /** The author's reference ({@code Practitioner/x}), or null. */
    public String authorKey() {
        return author == null || !author.hasReference() ? null : author.getReference();
    }

    /** The author as a reader names them: the display, else the reference, else "an unknown author". */
    public String authorName() {
        if (author == null) {
            return "an unknown author";
        }
        if (author.hasDisplay()) {
            return author.getDisplay() + (author.hasReference() ? " (" + author.getReference() + ")" : "");
        }
        return author.hasReference() ? author.getReference() : "an unknown author";
    }

    /** "simvastatin (MedicationRequest/7) by Dr Chen (Practitioner/chen) in CarePlan/hf". */
    public String described() {
        return what + " (" + key + ") by " + authorName() + (plan != null ? " in " + plan : "");
    }
}
