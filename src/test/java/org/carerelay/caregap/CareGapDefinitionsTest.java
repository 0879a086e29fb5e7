package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.metrics.rules.Metric;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Measure;
import org.junit.jupiter.api.Test;

/** Each care-gap rule is a Measure whose id and canonical are its code, and whose description has its thresholds. */
class CareGapDefinitionsTest {

    @Test
    void eachRuleIsAMeasureAtItsCanonical() {
        for (CareGapRule rule : CareGapRule.values()) {
            Measure measure = CareGapDefinitions.measure(rule, GapSettings.defaults());
            assertThat(measure.getIdElement().getIdPart()).isEqualTo(rule.code());
            assertThat(measure.getUrl()).isEqualTo("https://carerelay.org/fhir/Measure/" + rule.code());
            assertThat(measure.getScoring().getCodingFirstRep().getCode()).isEqualTo("cohort");
            assertThat(((CodeType) measure.getExtensionByUrl(CareGapDefinitions.POPULATION_BASIS)
                                    .getValue())
                            .getValue())
                    .isEqualTo(CareGapDefinitions.basis(rule));
            assertThat(measure.getDescription()).startsWith(rule.title() + ": ");
            assertThat(measure.hasLibrary()).isFalse();
        }
    }

    @Test
    void theDescriptionCarriesTheConfiguredThresholds() {
        GapSettings defaults = GapSettings.defaults();
        GapSettings settings = new GapSettings(
                31,
                73,
                181,
                3,
                32,
                183,
                8,
                91,
                defaults.concepts(),
                defaults.chronicConcepts(),
                defaults.coordinatorRoles(),
                defaults.coordinatorRoleCodes(),
                defaults.server());

        assertThat(CareGapDefinitions.measure(CareGapRule.HBA1C_OVERDUE, settings)
                        .getDescription())
                .isEqualTo("HbA1c overdue: active diabetes and no HbA1c result within 183 days (hba1c-days)."
                        + " Suggested mitigation: Order an HbA1c test.");
        assertThat(CareGapDefinitions.measure(CareGapRule.REFERRAL_OPEN, settings)
                        .getDescription())
                .contains("more than 31 days (referral-open-days)");
        assertThat(CareGapDefinitions.measure(CareGapRule.HANDOFF_UNACKNOWLEDGED, settings)
                        .getDescription())
                .contains("within 73 hours");
        assertThat(CareGapDefinitions.measure(CareGapRule.CAREPLAN_REVIEW_OVERDUE, settings)
                        .getDescription())
                .contains("more than 181 days");
        assertThat(CareGapDefinitions.measure(CareGapRule.NO_CARE_COORDINATOR, settings)
                        .getDescription())
                .contains("at least 3 chronic conditions");
        assertThat(CareGapDefinitions.measure(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING, settings)
                        .getDescription())
                .contains("last 91 days", "within 32 days");
        assertThat(CareGapDefinitions.measure(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING, settings)
                        .getDescription())
                .contains("last 91 days", "within 8 days");
    }

    @Test
    void ruleMeasuresDoNotCollideWithTheCoordinationMetrics() {
        List<String> metricIds =
                Arrays.stream(Metric.values()).map(Metric::code).toList();
        List<String> ruleIds =
                Arrays.stream(CareGapRule.values()).map(CareGapRule::code).toList();

        assertThat(ruleIds).doesNotContainAnyElementsOf(metricIds).doesNotContain("coordination-metrics");
        assertThat(ruleIds).doesNotHaveDuplicates().hasSize(11);
    }
}
