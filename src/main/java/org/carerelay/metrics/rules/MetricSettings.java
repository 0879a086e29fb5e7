package org.carerelay.metrics.rules;

import java.math.BigDecimal;
import java.util.List;
import org.carerelay.caregap.rules.GapSettings;

/**
 * Thresholds and code lists of the metrics.
 *
 * @param followUpDays a discharge is followed up in time when a follow-up encounter starts within this many days
 * @param inpatientClasses Encounter class codes of a stay whose discharge starts the follow-up clock
 * @param followUpClasses Encounter class codes that count as a follow-up after discharge
 * @param readmissionDays a stay followed by another within this many days of discharge is a readmission
 * @param emergencyClasses Encounter class codes of an emergency visit
 * @param hba1cControlBelow an HbA1c (%) below this is under control
 * @param diabetesCodes the diabetes concept's codes, {@code system|code} (ICD-10-CM codes match their subcodes)
 * @param phq9 the registry's PHQ-9 thresholds, shared so that a registry response and a metric response agree
 * @param phq9FollowUpMonths the follow-up PHQ-9 is read this many months after the index score
 * @param phq9WindowDays ... give or take this many days
 * @param currency the ISO 4217 code of the amounts a cost counts (others are left out)
 */
public record MetricSettings(
        int followUpDays,
        List<String> inpatientClasses,
        List<String> followUpClasses,
        int readmissionDays,
        List<String> emergencyClasses,
        BigDecimal hba1cControlBelow,
        List<String> diabetesCodes,
        Phq9 phq9,
        int phq9FollowUpMonths,
        int phq9WindowDays,
        String currency) {

    /** A PHQ-9 total of {@code threshold} or more is an index score; response and remission are read against it. */
    public record Phq9(int threshold, int responseDropPercent, int remissionBelow) {}

    public MetricSettings {
        inpatientClasses = List.copyOf(inpatientClasses);
        followUpClasses = List.copyOf(followUpClasses);
        emergencyClasses = List.copyOf(emergencyClasses);
        diabetesCodes = List.copyOf(diabetesCodes);
    }

    public static MetricSettings defaults() {
        return new MetricSettings(
                7,
                List.of("IMP", "ACUTE", "NONAC"),
                List.of("AMB", "HH", "VR"),
                30,
                List.of("EMER"),
                new BigDecimal("8"),
                GapSettings.defaultConcepts().get(GapSettings.DIABETES),
                new Phq9(10, 50, 5),
                6,
                60,
                "USD");
    }
}
