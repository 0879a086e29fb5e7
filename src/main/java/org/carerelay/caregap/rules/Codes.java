package org.carerelay.caregap.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.carerelay.fhir.CodeLists;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Matching codes: against {@code system|code} lists as every setting writes them ({@link CodeLists}), and LOINC. */
final class Codes {

    static final String LOINC = "http://loinc.org";

    private Codes() {}

    static boolean matches(CodeableConcept concept, List<String> codes) {
        return CodeLists.matches(concept, codes);
    }

    /** The first entry of {@code codes} that one of the concept's codings matches; null when none does. */
    static String match(CodeableConcept concept, List<String> codes) {
        return CodeLists.match(concept, codes);
    }

    static boolean hasLoinc(CodeableConcept concept, String... codes) {
        return concept.getCoding().stream()
                .anyMatch(c -> LOINC.equals(c.getSystem()) && oneOf(c.getCode(), Set.of(codes)));
    }

    /** Whether a code is one of {@code codes}; a code element without a value (a data-absent-reason) is none. */
    static boolean oneOf(String code, Set<String> codes) {
        return code != null && codes.contains(code);
    }

    /** A coded thing's text, else the first display among its codings; null when it has neither. */
    static String display(CodeableConcept concept) {
        if (concept.getText() != null) {
            return concept.getText();
        }
        return first(concept, Coding::getDisplay);
    }

    /** A name for a coded thing, for people: its {@link #display}, else the first code among its codings, else null. */
    static String name(CodeableConcept concept) {
        String display = display(concept);
        return display != null ? display : first(concept, Coding::getCode);
    }

    private static String first(CodeableConcept concept, Function<Coding, String> part) {
        return concept.getCoding().stream()
                .map(part)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }
}
