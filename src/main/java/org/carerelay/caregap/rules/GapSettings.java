package org.carerelay.caregap.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.fhir.LocalServer;

/**
 * Thresholds and clinical concepts of the care-gap rules; the defaults are those of the design.
 *
 * @param concepts named clinical concepts (diseases), each with its codes as {@code system|code}: SNOMED CT and
 *     ICD-10-CM by default. An ICD-10-CM code also matches its subcodes ({@code E11} matches {@code E11.9}); SNOMED CT
 *     descendants are not matched (that needs a terminology server), so list the codes a record may carry.
 * @param chronicConcepts the concepts that count as chronic conditions; a patient's chronic conditions are counted by
 *     concept, so one disease coded twice (a SNOMED problem and an ICD-10 diagnosis) is one
 * @param coordinatorRoles words that mark a care-team role as care coordination (matched against the role's codings
 *     and text, case-insensitively)
 * @param coordinatorRoleCodes codes ({@code system|code}) that mark a care-team role as care coordination, whatever its
 *     words: SNOMED CT occupations by default
 * @param lookbackDays how far back discharges and depression screens are still actionable
 * @param server which references name this server's resources (those to other servers match nothing here)
 */
public record GapSettings(
        int referralOpenDays,
        int handoffAcknowledgeHours,
        int carePlanReviewDays,
        int chronicConditionCount,
        int depressionFollowUpDays,
        int hba1cDays,
        int dischargeFollowUpDays,
        int lookbackDays,
        Map<String, List<String>> concepts,
        List<String> chronicConcepts,
        List<String> coordinatorRoles,
        List<String> coordinatorRoleCodes,
        LocalServer server) {

    public static final String SNOMED = "http://snomed.info/sct";
    public static final String ICD10CM = org.carerelay.fhir.CodeLists.ICD10CM;

    /** The concepts the rules name themselves: HbA1c is for diabetes, PHQ-9 follow-up for depression. */
    public static final String DIABETES = "diabetes";

    public static final String DEPRESSION = "depression";

    public GapSettings {
        for (String needed : List.of(DIABETES, DEPRESSION)) {
            if (!concepts.containsKey(needed)) {
                throw new IllegalArgumentException("The care-gap concepts must include '" + needed + "'");
            }
        }
        for (String chronic : chronicConcepts) {
            if (!concepts.containsKey(chronic)) {
                throw new IllegalArgumentException(
                        "Chronic concept '" + chronic + "' is not among the concepts " + concepts.keySet());
            }
        }
        concepts.forEach((name, codes) -> codes.forEach(code -> {
            int bar = code.indexOf('|');
            if (bar <= 0 || bar == code.length() - 1) {
                throw new IllegalArgumentException(
                        "Code '" + code + "' of concept '" + name + "' must be written as system|code");
            }
        }));
        concepts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(concepts));
        chronicConcepts = List.copyOf(chronicConcepts);
        coordinatorRoleCodes.forEach(code -> {
            int bar = code.indexOf('|');
            if (bar <= 0 || bar == code.length() - 1) {
                throw new IllegalArgumentException(
                        "Coordinator role code '" + code + "' must be written as system|code");
            }
        });
        coordinatorRoleCodes = List.copyOf(coordinatorRoleCodes);
    }

    /** The codes of a concept; none for a concept not configured. */
    public List<String> codesOf(String concept) {
        return concepts.getOrDefault(concept, List.of());
    }

    /** The built-in concepts, in the order a report names them. */
    public static Map<String, List<String>> defaultConcepts() {
        Map<String, List<String>> concepts = new LinkedHashMap<>();
        concepts.put(
                DIABETES,
                List.of(
                        SNOMED + "|44054006",
                        SNOMED + "|46635009",
                        SNOMED + "|73211009",
                        ICD10CM + "|E10",
                        ICD10CM + "|E11"));
        concepts.put("hypertension", List.of(SNOMED + "|38341003", SNOMED + "|59621000", ICD10CM + "|I10"));
        concepts.put(
                "heart-failure",
                List.of(SNOMED + "|84114007", SNOMED + "|88805009", SNOMED + "|42343007", ICD10CM + "|I50"));
        concepts.put(
                "chronic-kidney-disease",
                List.of(
                        SNOMED + "|709044004",
                        SNOMED + "|431855005",
                        SNOMED + "|431856006",
                        SNOMED + "|433144002",
                        SNOMED + "|431857002",
                        SNOMED + "|46177005",
                        ICD10CM + "|N18"));
        concepts.put(
                "copd", List.of(SNOMED + "|13645005", SNOMED + "|185086009", SNOMED + "|87433001", ICD10CM + "|J44"));
        concepts.put(
                DEPRESSION,
                List.of(
                        SNOMED + "|35489007",
                        SNOMED + "|370143000",
                        SNOMED + "|36923009",
                        ICD10CM + "|F32",
                        ICD10CM + "|F33"));
        concepts.put("asthma", List.of(SNOMED + "|195967001", SNOMED + "|233678006", ICD10CM + "|J45"));
        return concepts;
    }

    public static GapSettings defaults() {
        Map<String, List<String>> concepts = defaultConcepts();
        return new GapSettings(
                30,
                72,
                180,
                2,
                30,
                180,
                7,
                90,
                concepts,
                List.copyOf(concepts.keySet()),
                List.of("care coordinator", "case manager", "care manager", "patient navigator", "navigator"),
                defaultCoordinatorRoleCodes(),
                LocalServer.RELATIVE_ONLY);
    }

    /** SNOMED CT occupations: care coordinator (768820003) and patient navigator (768821004). */
    public static List<String> defaultCoordinatorRoleCodes() {
        return List.of(SNOMED + "|768820003", SNOMED + "|768821004");
    }
}
