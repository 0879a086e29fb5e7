package org.carerelay.caregap.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.carerelay.caregap.rules.CareGapEvaluator;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.Gap;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.RecordPart;
import org.carerelay.caregap.rules.ShippedConflicts;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlannedGap;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlantedPatient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The generator is deterministic, varied, and plants exactly the gaps the rules find in what it writes. */
class ScenarioGeneratorTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void patientNIsTheSameWhateverElseIsGenerated() {
        ScenarioGenerator one = new ScenarioGenerator(5, AS_OF, "t");
        ScenarioGenerator other = new ScenarioGenerator(5, AS_OF, "t");
        other.patient(3);

        assertThat(json(one.patient(17))).isEqualTo(json(other.patient(17)));
        assertThat(json(new ScenarioGenerator(6, AS_OF, "t").patient(17))).isNotEqualTo(json(one.patient(17)));
    }

    @Test
    void theRulesFindExactlyThePlantedGapsOfEveryPatient() {
        ScenarioGenerator generator = new ScenarioGenerator(11, AS_OF, "t");
        CareGapEvaluator evaluator = ShippedConflicts.evaluator();
        Date asOf = Date.from(
                AS_OF.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1));
        Map<CareGapRule, Integer> total = new EnumMap<>(CareGapRule.class);
        for (int n = 0; n < 2000; n++) {
            PlantedPatient patient = generator.patient(n);
            List<PlannedGap> found =
                    evaluator.evaluate(record(patient), asOf, EnumSet.allOf(CareGapRule.class)).stream()
                            .map(gap -> found(patient, gap))
                            .toList();
            assertThat(found).as(patient.patientId()).containsExactlyInAnyOrderElementsOf(patient.planned());
            found.forEach(gap -> total.merge(gap.rule(), 1, Integer::sum));
        }
        assertThat(total.keySet()).containsExactlyInAnyOrder(CareGapRule.values());
        assertThat(total.values()).allMatch(count -> count >= 100);
    }

    /**
     * A loader reads only the parts of a record the selected rules read ({@link RecordPart}); each rule finds the same
     * gaps in those parts alone as in the whole record, so leaving the rest out changes no answer.
     */
    @Test
    void eachRuleFindsTheSameGapsInThePartsItReadsAsInTheWholeRecord() {
        ScenarioGenerator generator = new ScenarioGenerator(13, AS_OF, "t");
        CareGapEvaluator evaluator = ShippedConflicts.evaluator();
        Date asOf = Date.from(
                AS_OF.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1));
        Map<CareGapRule, Integer> total = new EnumMap<>(CareGapRule.class);
        for (int n = 0; n < 1000; n++) {
            PlantedPatient patient = generator.patient(n);
            PatientRecord whole = record(patient);
            for (CareGapRule rule : CareGapRule.values()) {
                Set<CareGapRule> one = EnumSet.of(rule);
                List<PlannedGap> fromWhole = evaluator.evaluate(whole, asOf, one).stream()
                        .map(gap -> found(patient, gap))
                        .toList();
                List<PlannedGap> fromParts = evaluator.evaluate(only(whole, RecordPart.readBy(one)), asOf, one).stream()
                        .map(gap -> found(patient, gap))
                        .toList();
                assertThat(fromParts)
                        .as(patient.patientId() + " " + rule.code())
                        .isEqualTo(fromWhole);
                total.merge(rule, fromWhole.size(), Integer::sum);
            }
        }
        assertThat(total.values()).allMatch(count -> count >= 20);
        // the parts are fewer than the whole for a rule that reads little
        assertThat(RecordPart.readBy(EnumSet.of(CareGapRule.HBA1C_OVERDUE)))
                .containsExactlyInAnyOrder(RecordPart.CONDITIONS, RecordPart.HBA1C);
    }

    /** What a loader reads of a record for the given parts, as {@code DaoPatientRecords} searches for them. */
    private static PatientRecord only(PatientRecord record, Set<RecordPart> parts) {
        boolean results = parts.contains(RecordPart.REFERRAL_RESULTS);
        return new PatientRecord(
                record.patient(),
                parts.contains(RecordPart.CONDITIONS) ? record.conditions() : List.of(),
                parts.contains(RecordPart.SERVICE_REQUESTS) ? record.serviceRequests() : List.of(),
                parts.contains(RecordPart.TASKS) ? record.tasks() : List.of(),
                parts.contains(RecordPart.CARE_PLANS) ? record.carePlans() : List.of(),
                parts.contains(RecordPart.CARE_TEAMS) ? record.careTeams() : List.of(),
                record.encounters().stream()
                        .filter(e -> parts.contains(RecordPart.RECENT_ENCOUNTERS) || (results && e.hasBasedOn()))
                        .toList(),
                record.observations().stream()
                        .filter(o -> (parts.contains(RecordPart.PHQ9) && hasLoinc(o, PatientRecord.PHQ9_CODE))
                                || (parts.contains(RecordPart.HBA1C)
                                        && PatientRecord.HBA1C_CODES.stream().anyMatch(c -> hasLoinc(o, c)))
                                || (parts.contains(RecordPart.PLAN_OBSERVATIONS)
                                        && ShippedConflicts.RULES.observationCodes().stream()
                                                .anyMatch(c -> c.equals(o.getCode()
                                                                .getCodingFirstRep()
                                                                .getSystem() + "|"
                                                        + o.getCode()
                                                                .getCodingFirstRep()
                                                                .getCode())))
                                || (results && o.hasBasedOn()))
                        .toList(),
                results ? record.procedures() : List.of(),
                results ? record.reports() : List.of(),
                parts.contains(RecordPart.MEDICATIONS) ? record.medicationRequests() : List.of(),
                parts.contains(RecordPart.MEDICATIONS) ? record.medicationStatements() : List.of(),
                parts.contains(RecordPart.GOALS) ? record.goals() : List.of());
    }

    private static boolean hasLoinc(Observation observation, String code) {
        return observation.getCode().getCoding().stream()
                .anyMatch(c -> PatientRecord.LOINC.equals(c.getSystem()) && code.equals(c.getCode()));
    }

    @Test
    void handoffsComeInEveryStatusAndPatientsInEveryState() {
        ScenarioGenerator generator = new ScenarioGenerator(11, AS_OF, "t");
        List<PlantedPatient> patients = java.util.stream.IntStream.range(0, 500)
                .mapToObj(generator::patient)
                .toList();

        Set<Task.TaskStatus> statuses = patients.stream()
                .flatMap(p -> p.resources().stream())
                .filter(r -> r instanceof Task t
                        && "transition-of-care"
                                .equals(t.getCode().getCodingFirstRep().getCode()))
                .map(r -> ((Task) r).getStatus())
                .collect(Collectors.toSet());
        assertThat(statuses).hasSize(12);
        assertThat(patients.stream().map(p -> (Patient) p.resources().get(0)))
                .anyMatch(Patient::hasDeceasedDateTimeType)
                .anyMatch(p -> !p.getActive())
                .anyMatch(p -> p.getActive() && !p.hasDeceased());
        assertThat(patients).anyMatch(p -> p.gapCount() == 0).anyMatch(p -> p.gapCount() >= 3);
    }

    @Test
    void ontoAnExistingPatientAddsTheCoordinationRecordOnly() {
        PlantedPatient onto = new ScenarioGenerator(11, AS_OF, "t").onto("synthea-1", 4);

        assertThat(onto.patientId()).isEqualTo("synthea-1");
        assertThat(onto.resources()).noneMatch(r -> r instanceof Patient || r instanceof Condition);
        assertThat(onto.resources()).allMatch(r -> r.getIdElement().getIdPart().startsWith("synthea-1-"));
    }

    static PlannedGap found(PlantedPatient patient, Gap gap) {
        return new PlannedGap(
                patient.patientId(),
                gap.rule(),
                gap.evidence().stream()
                        .map(r -> r.getIdElement().toUnqualifiedVersionless().getValue())
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    static PatientRecord record(PlantedPatient planted) {
        List<Resource> resources = planted.resources();
        return new PatientRecord(
                (Patient) resources.get(0),
                of(resources, Condition.class),
                of(resources, ServiceRequest.class),
                of(resources, Task.class),
                of(resources, CarePlan.class),
                of(resources, CareTeam.class),
                of(resources, Encounter.class),
                of(resources, Observation.class),
                of(resources, Procedure.class),
                of(resources, DiagnosticReport.class),
                of(resources, MedicationRequest.class),
                of(resources, MedicationStatement.class),
                of(resources, Goal.class));
    }

    private static <T extends Resource> List<T> of(List<Resource> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static String json(PlantedPatient patient) {
        Bundle bundle = new Bundle();
        patient.resources().forEach(r -> bundle.addEntry().setResource(r));
        return FHIR.newJsonParser().encodeResourceToString(bundle) + patient.gaps();
    }
}
