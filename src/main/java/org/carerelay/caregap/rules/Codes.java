package org.carerelay.caregap.rules;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Matching codes against {@code system|code} lists (ICD-10-CM codes also match their subcodes). */
final class Codes {

    static final String LOINC = "http://loinc.org";

    private Codes() {}

    static boolean matches(CodeableConcept concept, List<String> codes) {
        for (Coding coding : concept.getCoding()) {
            for (String entry : codes) {
                int bar = entry.indexOf('|');
                String system = entry.substring(0, bar);
                String code = entry.substring(bar + 1);
                if (system.equals(coding.getSystem()) && coding.getCode() != null) {
                    if (coding.getCode().equals(code)
                            || (GapSettings.ICD10CM.equals(system)
                                    && coding.getCode().startsWith(code + "."))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean hasLoinc(CodeableConcept concept, String... codes) {
        return concept.getCoding().stream()
                .anyMatch(c -> LOINC.equals(c.getSystem()) && List.of(codes).contains(c.getCode()));
    }
}
