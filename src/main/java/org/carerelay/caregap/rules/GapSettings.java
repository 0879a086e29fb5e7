package org.carerelay.caregap.rules;

import java.util.List;
import org.carerelay.fhir.LocalServer;

/**
 * Thresholds and code lists of the care-gap rules; the defaults are those of the design.
 *
 * @param chronicConditions codes of chronic conditions as {@code system|code}; an ICD-10-CM code also matches its
 *     subcodes ({@code E11} matches {@code E11.9})
 * @param coordinatorRoles words that mark a care-team role as care coordination (matched against the role's codings
 *     and text, case-insensitively)
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
        List<String> chronicConditions,
        List<String> diabetesConditions,
        List<String> depressionConditions,
        List<String> coordinatorRoles,
        LocalServer server) {

    public static final String SNOMED = "http://snomed.info/sct";
    public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

    public static final List<String> DIABETES = List.of(
            SNOMED + "|44054006", SNOMED + "|46635009", SNOMED + "|73211009", ICD10CM + "|E10", ICD10CM + "|E11");
    public static final List<String> DEPRESSION = List.of(
            SNOMED + "|35489007", SNOMED + "|370143000", SNOMED + "|36923009", ICD10CM + "|F32", ICD10CM + "|F33");

    public static GapSettings defaults() {
        List<String> chronic = new java.util.ArrayList<>();
        chronic.addAll(DIABETES);
        chronic.addAll(DEPRESSION);
        chronic.addAll(List.of(
                // heart failure
                SNOMED + "|84114007",
                SNOMED + "|88805009",
                SNOMED + "|42343007",
                ICD10CM + "|I50",
                // COPD
                SNOMED + "|13645005",
                SNOMED + "|185086009",
                SNOMED + "|87433001",
                ICD10CM + "|J44",
                // chronic kidney disease
                SNOMED + "|709044004",
                SNOMED + "|431855005",
                SNOMED + "|431856006",
                SNOMED + "|433144002",
                SNOMED + "|431857002",
                SNOMED + "|46177005",
                ICD10CM + "|N18",
                // hypertension
                SNOMED + "|38341003",
                SNOMED + "|59621000",
                ICD10CM + "|I10",
                // asthma
                SNOMED + "|195967001",
                SNOMED + "|233678006",
                ICD10CM + "|J45"));
        return new GapSettings(
                30,
                72,
                180,
                2,
                30,
                180,
                7,
                90,
                List.copyOf(chronic),
                DIABETES,
                DEPRESSION,
                List.of("care coordinator", "case manager", "care manager", "patient navigator", "navigator"),
                LocalServer.RELATIVE_ONLY);
    }
}
