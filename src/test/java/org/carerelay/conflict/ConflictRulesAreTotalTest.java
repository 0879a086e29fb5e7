package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.carerelay.conflict.rules.Conflict;
import org.carerelay.conflict.rules.ConflictEvaluator;
import org.carerelay.conflict.rules.Days;
import org.carerelay.conflict.rules.Knowledge;
import org.carerelay.conflict.rules.PlanRecord;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * The conflict rules answer every record, however incomplete: every value[x] choice, missing codes, statuses, dates,
 * authors, units and comparators. Each conflict names two sides from the record and a detail that begins with its
 * source's short name and names no missing value.
 */
class ConflictRulesAreTotalTest {

    private static final Knowledge KNOWLEDGE = KnowledgeFile.read(KnowledgeFile.DEFAULT);
    private static final ConflictEvaluator EVALUATOR = new ConflictEvaluator(KNOWLEDGE, LocalServer.RELATIVE_ONLY);
    private static final String RX = Knowledge.RXNORM;

    @Property(tries = 500)
    void everyRecordIsAnswered(@ForAll("records") PlanRecord record) {
        for (LocalDate day : List.of(LocalDate.of(2026, 6, 30), LocalDate.of(1990, 1, 1))) {
            List<Conflict> conflicts =
                    EVALUATOR.evaluate(record, new Days(day, ZoneId.of("Pacific/Kiritimati")), List.of());
            assertThat(conflicts).allSatisfy(conflict -> {
                assertThat(conflict.first().resource()).isNotNull();
                assertThat(conflict.second().resource()).isNotNull();
                assertThat(conflict.detail())
                        .startsWith(conflict.sources().get(0).shortName() + ": ")
                        .doesNotContain("null");
            });
        }
    }

    @Provide
    Arbitrary<PlanRecord> records() {
        Arbitrary<List<MedicationRequest>> requests = request().list().ofMaxSize(4);
        Arbitrary<List<Condition>> conditions = condition().list().ofMaxSize(3);
        Arbitrary<List<Goal>> goals = goal().list().ofMaxSize(3);
        Arbitrary<List<Observation>> egfr = egfr().list().ofMaxSize(2);
        Arbitrary<Patient> patient = Arbitraries.of("1950-02-03", "2030-01-01", "", "1961")
                .map(born -> {
                    Patient p = new Patient();
                    p.setId("p");
                    if (!born.isEmpty()) {
                        p.setBirthDateElement(new DateType(born));
                    }
                    return p;
                });
        return Combinators.combine(
                        patient,
                        requests,
                        conditions,
                        goals,
                        egfr,
                        concept(),
                        Arbitraries.integers().between(0, 3))
                .as((p, mrs, conds, gs, obs, planned, shape) -> {
                    List<CarePlan> plans = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        CarePlan plan = new CarePlan();
                        plan.setId("plan" + i);
                        if (shape != 3) {
                            plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
                        }
                        if (shape != 2) {
                            plan.setAuthor(new Reference("Practitioner/" + i));
                        }
                        if (shape == 1) {
                            plan.setPeriod(new Period().setStartElement(new DateTimeType("2026-07-01")));
                        }
                        var detail = plan.addActivity().getDetail();
                        detail.setDoNotPerform(i == 0 && shape != 0).setProduct(planned);
                        if (shape == 2) {
                            detail.setCode(planned);
                        }
                        plan.addActivity().setReference(new Reference(i == 0 ? "MedicationRequest/mr0" : "#x"));
                        gs.forEach(g -> plan.addGoal(new Reference("Goal/" + g.getIdPart())));
                        plans.add(plan);
                    }
                    List<MedicationRequest> orders = new ArrayList<>();
                    for (int i = 0; i < mrs.size(); i++) {
                        mrs.get(i).setId("mr" + i);
                        orders.add(mrs.get(i));
                    }
                    for (int i = 0; i < gs.size(); i++) {
                        gs.get(i).setId("goal" + i);
                    }
                    for (int i = 0; i < conds.size(); i++) {
                        conds.get(i).setId("c" + i);
                    }
                    for (int i = 0; i < obs.size(); i++) {
                        obs.get(i).setId("o" + i);
                    }
                    MedicationStatement statement = new MedicationStatement()
                            .setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                            .setMedication(planned)
                            .addBasedOn(new Reference());
                    statement.setId("ms");
                    ServiceRequest request = new ServiceRequest()
                            .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                            .setCode(planned);
                    request.setId("sr");
                    return new PlanRecord(
                            p,
                            plans,
                            orders,
                            List.of(statement),
                            conds,
                            gs,
                            obs,
                            List.of(request),
                            stays(shape, conds));
                });
    }

    /** Hospital stays of every shape a decompensation rule reads: any class, open or missing dates, any reason. */
    private static List<Encounter> stays(int shape, List<Condition> conditions) {
        List<Encounter> stays = new ArrayList<>();
        String[] classes = {"IMP", "ACUTE", "AMB", null};
        for (int i = 0; i < 4; i++) {
            Encounter stay = new Encounter();
            stay.setId("e" + i);
            if (classes[(i + shape) % 4] != null) {
                stay.setClass_(
                        new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", classes[(i + shape) % 4], null));
            }
            if (i != shape) {
                stay.setStatus(i == 3 ? Encounter.EncounterStatus.CANCELLED : Encounter.EncounterStatus.FINISHED);
            }
            if (i % 2 == 0) {
                stay.getPeriod().setStartElement(new DateTimeType("2026-06-" + (10 + i)));
            }
            if (i == 1 || i == 2) {
                stay.getPeriod().setEndElement(new DateTimeType(i == 1 ? "2026" : "2026-06-20T10:00:00Z"));
            }
            if (!conditions.isEmpty()) {
                stay.addReasonReference(
                        new Reference("Condition/" + conditions.get(0).getIdPart()));
                stay.addDiagnosis().setCondition(new Reference());
            }
            stay.addReasonCode(
                    new CodeableConcept(new Coding("http://snomed.info/sct", i == 0 ? "88805009" : null, null)));
            stays.add(stay);
        }
        return stays;
    }

    private static Arbitrary<CodeableConcept> concept() {
        return Arbitraries.of(
                new CodeableConcept(),
                new CodeableConcept(new Coding(RX, "36567", null)),
                new CodeableConcept(new Coding(RX, null, "simvastatin")),
                new CodeableConcept(new Coding(null, "21212", null)),
                new CodeableConcept().setText("clarithromycin"),
                new CodeableConcept().setText(""),
                new CodeableConcept(new Coding(Knowledge.ATC, "N06AB06", null)),
                new CodeableConcept(new Coding(RX, "8123", "phenelzine")),
                new CodeableConcept(new Coding(RX, "5640", null)),
                new CodeableConcept(new Coding(RX, "11170", null)));
    }

    private static Arbitrary<MedicationRequest> request() {
        Arbitrary<Type> medication = Arbitraries.oneOf(
                concept().map(Type.class::cast),
                Arbitraries.of(new Reference("#med"), new Reference("Medication/1"), new Reference()));
        return Combinators.combine(
                        medication,
                        Arbitraries.of(MedicationRequest.MedicationRequestStatus.values())
                                .injectNull(0.2),
                        Arbitraries.of("2026-06-30", "2026-07-01T00:30:00+14:00", "", "2026"),
                        Arbitraries.of("Practitioner/a", "", "Practitioner/b"))
                .as((med, status, authored, requester) -> {
                    MedicationRequest request = new MedicationRequest().setMedication(med);
                    if (status != null && status != MedicationRequest.MedicationRequestStatus.NULL) {
                        request.setStatus(status);
                    }
                    if (!authored.isEmpty()) {
                        request.setAuthoredOnElement(new DateTimeType(authored));
                    }
                    if (!requester.isEmpty()) {
                        request.setRequester(new Reference(requester));
                    }
                    Medication contained = new Medication();
                    contained.setId("med");
                    contained.setCode(new CodeableConcept(new Coding(RX, "21212", null)));
                    request.addContained(contained);
                    return request;
                });
    }

    private static Arbitrary<Condition> condition() {
        return Combinators.combine(
                        Arbitraries.of("I50.9", "I50.22", "N18.4", "F03", "I50", "", "I5"),
                        Arbitraries.of("active", "resolved", ""),
                        Arbitraries.of("confirmed", "refuted", ""),
                        Arbitraries.of(
                                (Type) new DateTimeType("2026-07-02"),
                                new Period(),
                                new StringType("childhood"),
                                new DateTimeType()))
                .as((code, clinical, verification, onset) -> {
                    Condition condition = new Condition();
                    if (!code.isEmpty()) {
                        condition.getCode().addCoding(new Coding("http://hl7.org/fhir/sid/icd-10-cm", code, null));
                    }
                    if (!clinical.isEmpty()) {
                        condition.getClinicalStatus().addCoding().setCode(clinical);
                    }
                    if (!verification.isEmpty()) {
                        condition.getVerificationStatus().addCoding().setCode(verification);
                    }
                    condition.setOnset(onset);
                    return condition;
                });
    }

    private static Arbitrary<Goal> goal() {
        Arbitrary<Type> detail = Arbitraries.of(
                new Quantity(7)
                        .setComparator(Quantity.QuantityComparator.LESS_THAN)
                        .setUnit("%"),
                new Quantity(53).setUnit("mmol/mol"),
                new Quantity().setUnit("%"),
                new Quantity(8).setComparator(Quantity.QuantityComparator.GREATER_THAN),
                new Quantity(7).setUnit("mg/dL"),
                new Range().setLow(new Quantity(7)),
                new Range().setHigh(new Quantity()),
                new Range(),
                new Ratio(),
                new CodeableConcept(),
                new StringType("lower"),
                new BooleanType(true),
                new IntegerType(7));
        return Combinators.combine(
                        detail,
                        Arbitraries.of("4548-4", "59261-8", "2345-7", ""),
                        Arbitraries.of(Goal.GoalLifecycleStatus.values()))
                .as((value, loinc, status) -> {
                    Goal goal = new Goal();
                    if (status != Goal.GoalLifecycleStatus.NULL) {
                        goal.setLifecycleStatus(status);
                    }
                    var target = goal.addTarget().setDetail(value);
                    if (!loinc.isEmpty()) {
                        target.getMeasure().addCoding(new Coding("http://loinc.org", loinc, null));
                    }
                    return goal;
                });
    }

    private static Arbitrary<Observation> egfr() {
        return Arbitraries.of((Type) new Quantity(25), new Quantity(), new IntegerType(20), new StringType("<15"))
                .map(value -> {
                    Observation observation = new Observation()
                            .setStatus(Observation.ObservationStatus.FINAL)
                            .setCode(new CodeableConcept(new Coding("http://loinc.org", "33914-3", null)))
                            .setValue(value);
                    return observation;
                });
    }
}
