package org.carerelay.registry.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

/** The registry's boundaries: a response at exactly half, contact due on the day, ICD-10 subcodes, zones. */
class RegistryEvaluatorTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    static final RegistrySettings SETTINGS = new RegistrySettings(
            10,
            50,
            5,
            10,
            30,
            List.of("http://snomed.info/sct|35489007", "http://hl7.org/fhir/sid/icd-10-cm|F32"),
            List.of("care manager"),
            List.of("psychiatr"));
    final RegistryEvaluator evaluator = new RegistryEvaluator(SETTINGS, ZoneId.of("America/New_York"));

    @Test
    void exactlyHalfTheBaselineIsAResponseAndOneMoreIsNot() {
        assertThat(status(phq9("2026-06-01", 20), phq9("2026-06-29", 10))).contains(RegistryStatus.RESPONSE);
        assertThat(status(phq9("2026-06-01", 21), phq9("2026-06-29", 11))).contains(RegistryStatus.IMPROVING);
    }

    @Test
    void theNextContactIsDueUntilTheEndOfItsDay() {
        assertThat(status(phq9("2026-05-31", 20))).contains(RegistryStatus.NEW);
        assertThat(status(phq9("2026-05-30", 20))).contains(RegistryStatus.NO_RECENT_CONTACT);
    }

    @Test
    void aScoreIsDatedOnThePracticesCalendar() {
        // 02:00 UTC on 1 July is still 30 June in New York: the score counts as of 30 June
        assertThat(status(phq9("2026-07-01T02:00:00Z", 20))).contains(RegistryStatus.NEW);
        assertThat(status(phq9("2026-07-01T05:00:00Z", 20))).isEmpty();
    }

    @Test
    void anIcd10SubcodeOfDepressionPutsAPatientOnTheRegistryAndAnotherCodeDoesNot() {
        assertThat(evaluate(List.of(depression("F32.A")), List.of())).isPresent();
        assertThat(evaluate(List.of(depression("F320")), List.of())).isEmpty();
    }

    @Test
    void nineIsAScreenBelowTheThresholdAndNoEpisode() {
        assertThat(status(phq9("2026-06-01", 9))).isEmpty();
        assertThat(status(phq9("2026-06-01", 9), phq9("2026-06-10", 10)).map(RegistryStatus::code))
                .contains("new");
    }

    @Test
    void anActiveFlagWithoutAValueLeavesThePatientOnTheRegistryAndFalseTakesThemOff() {
        Patient unknown = new Patient();
        unknown.setId("Patient/1");
        unknown.getActiveElement()
                .addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason", new CodeType("unknown"));
        Patient inactive = new Patient().setActive(false);
        inactive.setId("Patient/2");

        assertThat(evaluator.evaluate(record(unknown, phq9("2026-06-01", 20)), AS_OF))
                .isPresent();
        assertThat(evaluator.evaluate(record(inactive, phq9("2026-06-01", 20)), AS_OF))
                .isEmpty();
    }

    private static RegistryRecord record(Patient patient, Observation score) {
        return new RegistryRecord(patient, List.of(), new ArrayList<>(List.of(score)), List.of(), List.of());
    }

    private Optional<RegistryStatus> status(Observation... scores) {
        return evaluate(List.of(), List.of(scores)).map(RegistryEntry::status);
    }

    private Optional<RegistryEntry> evaluate(List<Condition> conditions, List<Observation> scores) {
        Patient patient = new Patient();
        patient.setId("Patient/1");
        return evaluator.evaluate(
                new RegistryRecord(patient, conditions, new ArrayList<>(scores), List.of(), List.of()), AS_OF);
    }

    static Observation phq9(String when, int value) {
        return new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding(RegistrySettings.LOINC, RegistrySettings.PHQ9, null)))
                .setEffective(new DateTimeType(when))
                .setValue(new Quantity().setValue(value));
    }

    static Condition depression(String icd10) {
        Condition condition = new Condition()
                .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", icd10, null)))
                .setOnset(new DateTimeType("2026-06-01"));
        condition
                .getClinicalStatus()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
        return condition;
    }
}
