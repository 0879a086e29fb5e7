package org.carerelay.metrics.rules;

import java.util.List;

/**
 * Thresholds and code lists of the metrics.
 *
 * @param followUpDays a discharge is followed up in time when a follow-up encounter starts within this many days
 * @param inpatientClasses Encounter class codes of a stay whose discharge starts the follow-up clock
 * @param followUpClasses Encounter class codes that count as a follow-up after discharge
 */
public record MetricSettings(int followUpDays, List<String> inpatientClasses, List<String> followUpClasses) {

    public MetricSettings {
        inpatientClasses = List.copyOf(inpatientClasses);
        followUpClasses = List.copyOf(followUpClasses);
    }

    public static MetricSettings defaults() {
        return new MetricSettings(7, List.of("IMP", "ACUTE", "NONAC"), List.of("AMB", "HH", "VR"));
    }
}
