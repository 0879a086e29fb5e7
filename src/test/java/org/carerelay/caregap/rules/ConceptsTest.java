package org.carerelay.caregap.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.fhir.LocalServer;
import org.junit.jupiter.api.Test;

/** Chronic conditions are counted by disease: one disease coded twice is one. */
class ConceptsTest {

    private final GapScenario given = new GapScenario();

    @Test
    void diabetesAsASnomedProblemAndAnIcd10DiagnosisIsOneCondition() {
        given.condition(GapSettings.SNOMED, "44054006");
        given.condition(GapSettings.ICD10CM, "E11.9");
        assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).isEmpty();
    }

    @Test
    void twoDiseasesEachCodedTwiceAreTwo() {
        given.condition(GapSettings.SNOMED, "44054006");
        given.condition(GapSettings.ICD10CM, "E11.9");
        given.condition(GapSettings.SNOMED, "59621000");
        given.condition(GapSettings.ICD10CM, "I10");
        assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).singleElement().satisfies(gap -> {
            assertThat(gap.evidence()).hasSize(4);
            assertThat(gap.message())
                    .isEqualTo("2 active chronic conditions and no care coordinator on an active care team");
        });
    }

    @Test
    void icd10PrefixesMatchTheirSubcodesOnly() {
        GapSettings settings = GapSettings.defaults();
        assertThat(Codes.matches(
                        new org.hl7.fhir.r4.model.CodeableConcept(
                                new org.hl7.fhir.r4.model.Coding(GapSettings.ICD10CM, "E11.65", null)),
                        settings.codesOf(GapSettings.DIABETES)))
                .isTrue();
        assertThat(Codes.matches(
                        new org.hl7.fhir.r4.model.CodeableConcept(
                                new org.hl7.fhir.r4.model.Coding(GapSettings.ICD10CM, "E119", null)),
                        settings.codesOf(GapSettings.DIABETES)))
                .isFalse();
    }

    @Test
    void everyBuiltInConceptHasSnomedAndIcd10Codes() {
        GapSettings settings = GapSettings.defaults();
        assertThat(settings.concepts().keySet())
                .containsExactly(
                        "diabetes",
                        "hypertension",
                        "heart-failure",
                        "chronic-kidney-disease",
                        "copd",
                        "depression",
                        "asthma");
        assertThat(settings.chronicConcepts())
                .containsExactlyElementsOf(settings.concepts().keySet());
        settings.concepts().forEach((name, codes) -> {
            assertThat(codes).as(name).anyMatch(c -> c.startsWith(GapSettings.SNOMED + "|"));
            assertThat(codes).as(name).anyMatch(c -> c.startsWith(GapSettings.ICD10CM + "|"));
        });
        assertThat(settings.codesOf("no-such-concept")).isEmpty();
    }

    @Test
    void settingsNeedDiabetesAndDepressionAndKnownChronicConceptsWrittenAsSystemAndCode() {
        Map<String, List<String>> concepts = new LinkedHashMap<>(GapSettings.defaultConcepts());
        concepts.remove("depression");
        assertThatThrownBy(() -> with(concepts, List.of()))
                .hasMessage("The care-gap concepts must include 'depression'");
        assertThatThrownBy(() -> with(GapSettings.defaultConcepts(), List.of("gout")))
                .hasMessageStartingWith("Chronic concept 'gout' is not among the concepts [diabetes,");
        Map<String, List<String>> bare = new LinkedHashMap<>(GapSettings.defaultConcepts());
        bare.put("gout", List.of("M10"));
        assertThatThrownBy(() -> with(bare, List.of()))
                .hasMessage("Code 'M10' of concept 'gout' must be written as system|code");
        bare.put("gout", List.of("http://hl7.org/fhir/sid/icd-10-cm|"));
        assertThatThrownBy(() -> with(bare, List.of())).hasMessageContaining("must be written as system|code");
    }

    private static GapSettings with(Map<String, List<String>> concepts, List<String> chronic) {
        return new GapSettings(
                30, 72, 180, 2, 30, 180, 7, 90, concepts, chronic, List.of(), List.of(), LocalServer.RELATIVE_ONLY);
    }
}
