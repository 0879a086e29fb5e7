package org.carerelay.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * Matching codes against configured {@code system|code} lists, the way every setting writes them: a coding matches an
 * entry of the same system and code, and an ICD-10-CM entry also matches its subcodes ({@code E11} matches
 * {@code E11.9}). SNOMED CT descendants are not matched: that needs a terminology server.
 */
public final class CodeLists {

    public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

    private CodeLists() {}

    public static boolean matches(CodeableConcept concept, List<String> codes) {
        return match(concept, codes) != null;
    }

    /** The first entry of {@code codes} that one of the concept's codings matches; null when none does. */
    public static String match(CodeableConcept concept, List<String> codes) {
        for (Coding coding : concept.getCoding()) {
            if (coding.getCode() == null) {
                continue;
            }
            for (String entry : codes) {
                int bar = entry.indexOf('|');
                String system = entry.substring(0, bar);
                String code = entry.substring(bar + 1);
                if (system.equals(coding.getSystem())
                        && (coding.getCode().equals(code)
                                || (ICD10CM.equals(system) && coding.getCode().startsWith(code + ".")))) {
                    return entry;
                }
            }
        }
        return null;
    }
}
