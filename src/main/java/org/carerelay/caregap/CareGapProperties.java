package org.carerelay.caregap;

import java.util.List;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.fhir.LocalServer;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code carerelay.care-gaps} section of {@code hapi.application.yaml}. Anything left out keeps the default of
 * {@link GapSettings#defaults()}; a code list given here replaces the default list.
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
        List<String> chronicConditions,
        List<String> diabetesConditions,
        List<String> depressionConditions,
        List<String> coordinatorRoles) {

    GapSettings settings(LocalServer server) {
        GapSettings defaults = GapSettings.defaults();
        return new GapSettings(
                or(referralOpenDays, defaults.referralOpenDays()),
                or(handoffAcknowledgeHours, defaults.handoffAcknowledgeHours()),
                or(carePlanReviewDays, defaults.carePlanReviewDays()),
                or(chronicConditionCount, defaults.chronicConditionCount()),
                or(depressionFollowUpDays, defaults.depressionFollowUpDays()),
                or(hba1cDays, defaults.hba1cDays()),
                or(dischargeFollowUpDays, defaults.dischargeFollowUpDays()),
                or(lookbackDays, defaults.lookbackDays()),
                or(chronicConditions, defaults.chronicConditions()),
                or(diabetesConditions, defaults.diabetesConditions()),
                or(depressionConditions, defaults.depressionConditions()),
                or(coordinatorRoles, defaults.coordinatorRoles()),
                server);
    }

    private static <T> T or(T configured, T fallback) {
        return configured != null ? configured : fallback;
    }
}
