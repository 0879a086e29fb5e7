package org.carerelay.registry.rules;

import java.util.List;

/**
 * Thresholds of the collaborative-care registry.
 *
 * @param phq9Threshold a PHQ-9 total of this or more puts a patient on the registry and starts an episode of care
 * @param responseDropPercent a fall from baseline of at least this much is a response
 * @param remissionBelow a latest PHQ-9 below this is remission
 * @param caseReviewWeeks after this many weeks in care without a response, the patient is not improving (flag for
 *     psychiatric case review)
 * @param contactDays the next contact is due this many days after the last; past it, no recent contact
 * @param depressionCodes the depression concept's codes, {@code system|code} (ICD-10-CM codes match their subcodes)
 * @param careManagerRoles words that mark a CareTeam role as the care manager
 * @param psychiatricConsultantRoles words that mark a CareTeam role as the psychiatric consultant
 */
public record RegistrySettings(
        int phq9Threshold,
        int responseDropPercent,
        int remissionBelow,
        int caseReviewWeeks,
        int contactDays,
        List<String> depressionCodes,
        List<String> careManagerRoles,
        List<String> psychiatricConsultantRoles) {

    public static final String PHQ9 = "44261-6";
    public static final String LOINC = "http://loinc.org";

    public RegistrySettings {
        depressionCodes = List.copyOf(depressionCodes);
        careManagerRoles = List.copyOf(careManagerRoles);
        psychiatricConsultantRoles = List.copyOf(psychiatricConsultantRoles);
    }
}
