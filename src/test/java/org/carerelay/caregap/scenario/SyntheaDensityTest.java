package org.carerelay.caregap.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.carerelay.caregap.rules.CareGapEvaluator;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.ShippedConflicts;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlannedGap;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlantedPatient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The Synthea-density mode adds a chart's worth of history to each patient and leaves its planted gaps as they are. */
class SyntheaDensityTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void theSamePatientsPlantTheSameGapsWithAndWithoutDensityAndTheRulesFindExactlyThem() {
        ScenarioGenerator sparse = new ScenarioGenerator(11, AS_OF, "t");
        ScenarioGenerator dense = sparse.withSyntheaDensity();
        CareGapEvaluator evaluator = ShippedConflicts.evaluator();
        Date asOf = Date.from(
                AS_OF.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1));
        Set<CareGapRule> found = EnumSet.noneOf(CareGapRule.class);
        for (int n = 0; n < 600; n++) {
            PlantedPatient without = sparse.patient(n);
            PlantedPatient with = dense.patient(n);

            assertThat(with.planned()).as(with.patientId()).isEqualTo(without.planned());
            assertThat(json(with.resources().subList(0, without.resources().size())))
                    .isEqualTo(json(without.resources()));
            List<PlannedGap> gaps =
                    evaluator
                            .evaluate(ScenarioGeneratorTest.record(with), asOf, EnumSet.allOf(CareGapRule.class))
                            .stream()
                            .map(gap -> ScenarioGeneratorTest.found(with, gap))
                            .toList();
            assertThat(gaps).as(with.patientId()).containsExactlyInAnyOrderElementsOf(without.planned());
            gaps.forEach(gap -> found.add(gap.rule()));
        }
        // every rule has planted gaps among these patients, so each was checked against the history
        assertThat(found).containsExactlyInAnyOrder(CareGapRule.values());
    }

    @Test
    void eachPatientGetsASyntheaSizedHistoryOfItsOwn() {
        ScenarioGenerator generator = new ScenarioGenerator(11, AS_OF, "t");
        PlantedPatient without = generator.patient(3);
        PlantedPatient with = generator.withSyntheaDensity().patient(3);
        List<Resource> history = with.resources()
                .subList(without.resources().size(), with.resources().size());

        Map<String, Integer> byType = new TreeMap<>();
        history.forEach(r -> byType.merge(r.fhirType(), 1, Integer::sum));
        assertThat(byType)
                .isEqualTo(Map.of(
                        "Observation", 216,
                        "Encounter", 24,
                        "Claim", 24,
                        "ExplanationOfBenefit", 24,
                        "DiagnosticReport", 12,
                        "Immunization", 12,
                        "Condition", 4,
                        "MedicationRequest", 4,
                        "CarePlan", 4,
                        "Procedure", 4));
        Set<String> ids = new HashSet<>();
        with.resources()
                .forEach(r -> assertThat(ids.add(r.getIdElement().getValue()))
                        .as(r.getIdElement().getValue())
                        .isTrue());
        assertThat(json(generator.withSyntheaDensity().patient(3).resources())).isEqualTo(json(with.resources()));
        assertThat(json(generator
                        .withSyntheaDensity()
                        .patient(4)
                        .resources()
                        .subList(
                                generator.patient(4).resources().size(),
                                generator.patient(4).resources().size() + 20)))
                .isNotEqualTo(json(history.subList(0, 20)));
    }

    private static String json(List<Resource> resources) {
        StringBuilder json = new StringBuilder();
        resources.forEach(
                r -> json.append(FHIR.newJsonParser().encodeResourceToString(r)).append('\n'));
        return json.toString();
    }
}
