package org.carerelay.metrics;

import java.util.List;
import org.carerelay.metrics.rules.MetricSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code carerelay.metrics} section of {@code hapi.application.yaml}: the thresholds and code lists of
 * {@code $coordination-metrics}. Codes are written {@code system|code}, as the care-gap concepts are.
 *
 * @param followUpDays a discharge is followed up in time when a follow-up encounter starts within this many days
 * @param inpatientClasses Encounter classes (v3 ActCode) of a stay whose discharge starts the follow-up clock
 * @param followUpClasses Encounter classes that count as a follow-up after discharge
 */
@ConfigurationProperties("carerelay.metrics")
public record MetricsProperties(
        @DefaultValue("7") int followUpDays,
        @DefaultValue({"IMP", "ACUTE", "NONAC"}) List<String> inpatientClasses,
        @DefaultValue({"AMB", "HH", "VR"}) List<String> followUpClasses) {

    public MetricsProperties {
        if (followUpDays < 0) {
            throw new IllegalArgumentException("carerelay.metrics.follow-up-days must not be negative");
        }
    }

    MetricSettings settings() {
        return new MetricSettings(followUpDays, inpatientClasses, followUpClasses);
    }
}
