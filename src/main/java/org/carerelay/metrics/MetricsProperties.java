package org.carerelay.metrics;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.caregap.CareGapProperties;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.metrics.rules.MetricSettings;
import org.carerelay.registry.RegistryProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code carerelay.metrics} section of {@code hapi.application.yaml}: the thresholds and code lists of
 * {@code $coordination-metrics}. Diabetes is the care gaps' concept and the PHQ-9 thresholds are the registry's, so a
 * metric, a gap and a registry status agree on what a record says.
 *
 * @param followUpDays a discharge is followed up in time when a follow-up encounter starts within this many days
 * @param inpatientClasses Encounter classes (v3 ActCode) of a stay whose discharge starts the follow-up clock
 * @param followUpClasses Encounter classes that count as a follow-up after discharge
 * @param readmissionDays another stay starting within this many days of a discharge is a readmission
 * @param emergencyClasses Encounter classes of an emergency visit
 * @param hba1cControlBelow an HbA1c (%) below this is under control
 * @param phq9FollowUpMonths PHQ-9 response and remission are read this many months after the index score
 * @param phq9WindowDays ... give or take this many days
 * @param currency the ISO 4217 code of the amounts cost-per-patient adds up; amounts in another are left out
 */
@ConfigurationProperties("carerelay.metrics")
public record MetricsProperties(
        @DefaultValue("7") int followUpDays,
        @DefaultValue({"IMP", "ACUTE", "NONAC"}) List<String> inpatientClasses,
        @DefaultValue({"AMB", "HH", "VR"}) List<String> followUpClasses,
        @DefaultValue("30") int readmissionDays,
        @DefaultValue("EMER") List<String> emergencyClasses,
        @DefaultValue("8") BigDecimal hba1cControlBelow,
        @DefaultValue("6") int phq9FollowUpMonths,
        @DefaultValue("60") int phq9WindowDays,
        @DefaultValue("USD") String currency) {

    public MetricsProperties {
        if (followUpDays < 0 || readmissionDays < 1 || phq9FollowUpMonths < 1 || phq9WindowDays < 0) {
            throw new IllegalArgumentException("carerelay.metrics: follow-up-days and phq9-window-days must not be"
                    + " negative, readmission-days and phq9-follow-up-months must be positive");
        }
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException(
                    "carerelay.metrics.currency '" + currency + "' is not an ISO 4217 code such as USD");
        }
    }

    MetricSettings settings(CareGapProperties careGaps, RegistryProperties registry) {
        Map<String, List<String>> concepts = new LinkedHashMap<>(GapSettings.defaultConcepts());
        if (careGaps.concepts() != null) {
            concepts.putAll(careGaps.concepts());
        }
        return new MetricSettings(
                followUpDays,
                inpatientClasses,
                followUpClasses,
                readmissionDays,
                emergencyClasses,
                hba1cControlBelow,
                concepts.getOrDefault(GapSettings.DIABETES, List.of()),
                new MetricSettings.Phq9(
                        registry.phq9Threshold(), registry.responseDropPercent(), registry.remissionBelow()),
                phq9FollowUpMonths,
                phq9WindowDays,
                currency);
    }
}
