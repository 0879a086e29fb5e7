package org.carerelay.caregap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.fhir.LocalServer;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code carerelay.care-gaps} section of {@code hapi.application.yaml}. Anything left out keeps the default of
 * {@link GapSettings#defaults()}. A concept given under {@code concepts} replaces that concept's built-in codes (and
 * a new name adds one); {@code chronic-concepts} replaces the list of chronic ones.
 *
 * <p>The code lists of old ({@code chronic-conditions}, {@code diabetes-conditions}, {@code depression-conditions})
 * are bound only to be refused: silently ignoring them would leave a practice's own codes unread.
 */
@ConfigurationProperties("carerelay.care-gaps")
public record CareGapProperties(
        Integer referralOpenDays,
        Integer handoffAcknowledgeHours,
        Integer carePlanReviewDays,
        Integer chronicConditionCount,
        Integer depressionFollowUpDays,
        Integer hba1cDays,
        Integer dischargeFollowUpDays,
        Integer lookbackDays,
        Map<String, List<String>> concepts,
        List<String> chronicConcepts,
        List<String> coordinatorRoles,
        List<String> coordinatorRoleCodes,
        List<String> chronicConditions,
        List<String> diabetesConditions,
        List<String> depressionConditions) {

    public CareGapProperties {
        refuse("chronic-conditions", chronicConditions, "concepts.<name> and chronic-concepts");
        refuse("diabetes-conditions", diabetesConditions, "concepts.diabetes");
        refuse("depression-conditions", depressionConditions, "concepts.depression");
    }

    private static void refuse(String oldKey, List<String> value, String newKeys) {
        if (value != null) {
            throw new IllegalArgumentException("carerelay.care-gaps." + oldKey + " is no longer read: conditions are"
                    + " named concepts, each with its SNOMED CT and ICD-10-CM codes. Move these codes to"
                    + " carerelay.care-gaps." + newKeys + " (see the README, Care gaps)");
        }
    }

    GapSettings settings(LocalServer server) {
        GapSettings defaults = GapSettings.defaults();
        Map<String, List<String>> merged = new LinkedHashMap<>(defaults.concepts());
        if (concepts != null) {
            merged.putAll(concepts);
        }
        return new GapSettings(
                or(referralOpenDays, defaults.referralOpenDays()),
                or(handoffAcknowledgeHours, defaults.handoffAcknowledgeHours()),
                or(carePlanReviewDays, defaults.carePlanReviewDays()),
                or(chronicConditionCount, defaults.chronicConditionCount()),
                or(depressionFollowUpDays, defaults.depressionFollowUpDays()),
                or(hba1cDays, defaults.hba1cDays()),
                or(dischargeFollowUpDays, defaults.dischargeFollowUpDays()),
                or(lookbackDays, defaults.lookbackDays()),
                merged,
                or(chronicConcepts, defaults.chronicConcepts()),
                or(coordinatorRoles, defaults.coordinatorRoles()),
                or(coordinatorRoleCodes, defaults.coordinatorRoleCodes()),
                server);
    }

    private static <T> T or(T configured, T fallback) {
        return configured != null ? configured : fallback;
    }
}
