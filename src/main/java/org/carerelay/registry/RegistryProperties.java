package org.carerelay.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.caregap.CareGapProperties;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.registry.rules.RegistrySettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code carerelay.metrics.registry} section of {@code hapi.application.yaml}: the thresholds of
 * {@code Patient/$depression-registry}. Depression is the care-gap feature's concept ({@code
 * carerelay.care-gaps.concepts.depression}), so that the registry and the depression gap agree on who is depressed.
 */
@ConfigurationProperties("carerelay.metrics.registry")
public record RegistryProperties(
        @DefaultValue("10") int phq9Threshold,
        @DefaultValue("50") int responseDropPercent,
        @DefaultValue("5") int remissionBelow,
        @DefaultValue("10") int caseReviewWeeks,
        @DefaultValue("30") int contactDays,
        @DefaultValue("365") int encounterLookbackDays,

        @DefaultValue({"care manager", "care coordinator", "case manager"})
        List<String> careManagerRoles,

        @DefaultValue({"psychiatr"}) List<String> psychiatricConsultantRoles) {

    public RegistryProperties {
        if (responseDropPercent < 1 || responseDropPercent > 100) {
            throw new IllegalArgumentException(
                    "carerelay.metrics.registry.response-drop-percent must be between 1 and 100");
        }
        if (contactDays < 1 || caseReviewWeeks < 1 || encounterLookbackDays < contactDays) {
            throw new IllegalArgumentException("carerelay.metrics.registry: contact-days and case-review-weeks must be"
                    + " positive, and encounter-lookback-days at least contact-days");
        }
    }

    RegistrySettings settings(CareGapProperties careGaps) {
        Map<String, List<String>> concepts = new LinkedHashMap<>(GapSettings.defaultConcepts());
        if (careGaps.concepts() != null) {
            concepts.putAll(careGaps.concepts());
        }
        return new RegistrySettings(
                phq9Threshold,
                responseDropPercent,
                remissionBelow,
                caseReviewWeeks,
                contactDays,
                concepts.getOrDefault(GapSettings.DEPRESSION, List.of()),
                careManagerRoles,
                psychiatricConsultantRoles);
    }
}
