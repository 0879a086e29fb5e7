package org.carerelay.conflict.rules;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.caregap.rules.AsOf;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.PlanConflicts;
import org.carerelay.conflict.KnowledgeFile;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/** A patient's chart built a line at a time, judged on {@link #DAY}; every resource gets an id of its own. */
final class ChartBuilder {

    static final LocalDate DAY = LocalDate.of(2026, 6, 30);
    static final Knowledge KNOWLEDGE = KnowledgeFile.read(KnowledgeFile.DEFAULT);
    static final String RXNORM = Knowledge.RXNORM;
    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String LOINC = "http://loinc.org";

    final Patient patient = new Patient();
    final List<CarePlan> plans = new ArrayList<>();
    final List<MedicationRequest> requests = new ArrayList<>();
    final List<MedicationStatement> statements = new ArrayList<>();
    final List<Condition> conditions = new ArrayList<>();
    final List<Goal> goals = new ArrayList<>();
    final List<Observation> observations = new ArrayList<>();
    final List<ServiceRequest> serviceRequests = new ArrayList<>();
    final List<Encounter> encounters = new ArrayList<>();
    private int next;

    ChartBuilder() {
        patient.setId("p1");
        patient.setBirthDateElement(new DateType("1960-01-01"));
    }

    ChartBuilder born(String date) {
        patient.setBirthDateElement(new DateType(date));
        return this;
    }

    String id(String prefix) {
        return prefix + (++next);
    }

    CarePlan plan(String author) {
        CarePlan plan = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setSubject(new Reference("Patient/p1"))
                .setAuthor(new Reference(author));
        plan.setId(id("plan"));
        plans.add(plan);
        return plan;
    }

    static CodeableConcept rx(String code, String display) {
        return new CodeableConcept(new Coding(RXNORM, code, display));
    }

    static CodeableConcept text(String words) {
        return new CodeableConcept().setText(words);
    }

    /** An active order by {@code requester} (null: none), named by {@code plan} when given. */
    MedicationRequest order(CodeableConcept drug, String requester, CarePlan plan) {
        MedicationRequest request = new MedicationRequest()
                .setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                .setMedication(drug)
                .setSubject(new Reference("Patient/p1"))
                .setAuthoredOnElement(new DateTimeType("2026-06-01"));
        request.setId(id("mr"));
        if (requester != null) {
            request.setRequester(new Reference(requester));
        }
        if (plan != null) {
            plan.addActivity().setReference(new Reference("MedicationRequest/" + request.getIdPart()));
        }
        requests.add(request);
        return request;
    }

    MedicationRequest order(CodeableConcept drug, String requester) {
        return order(drug, requester, null);
    }

    Condition condition(String system, String code, String asserter) {
        Condition condition = new Condition()
                .setCode(new CodeableConcept(new Coding(system, code, null)))
                .setSubject(new Reference("Patient/p1"));
        condition
                .getClinicalStatus()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
        condition
                .getVerificationStatus()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null));
        condition.setId(id("cond"));
        if (asserter != null) {
            condition.setAsserter(new Reference(asserter));
        }
        conditions.add(condition);
        return condition;
    }

    Observation egfr(String date, double value) {
        Observation observation = new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding(LOINC, "33914-3", null)))
                .setEffective(new DateTimeType(date))
                .setValue(new Quantity(value).setUnit("mL/min/{1.73_m2}"));
        observation.setId(id("obs"));
        observations.add(observation);
        return observation;
    }

    /** A NYHA class stated as an observation's value (SNOMED CT 420300004, 421704003, 420913000, 422293003). */
    Observation nyha(String date, String snomed) {
        Observation observation = new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept().setText("NYHA functional class"))
                .setEffective(new DateTimeType(date))
                .setValue(new CodeableConcept(new Coding(SNOMED, snomed, null)));
        observation.setId(id("obs"));
        observations.add(observation);
        return observation;
    }

    Goal goal(CarePlan plan, String loinc, Quantity quantity) {
        Goal goal = new Goal().setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.setId(id("goal"));
        goal.addTarget()
                .setMeasure(new CodeableConcept(new Coding(LOINC, loinc, null)))
                .setDetail(quantity);
        plan.addGoal(new Reference("Goal/" + goal.getIdPart()));
        goals.add(goal);
        return goal;
    }

    Goal goal(CarePlan plan, String loinc, double low, double high) {
        Goal goal = new Goal().setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.setId(id("goal"));
        goal.addTarget()
                .setMeasure(new CodeableConcept(new Coding(LOINC, loinc, null)))
                .setDetail(new Range().setLow(new Quantity(low).setUnit("%")).setHigh(new Quantity(high).setUnit("%")));
        plan.addGoal(new Reference("Goal/" + goal.getIdPart()));
        goals.add(goal);
        return goal;
    }

    /** A hospital stay of a v3-ActCode class from {@code start} to {@code end} (either null: open), for a reason. */
    Encounter stay(String actCode, String start, String end, Condition reason) {
        Encounter stay = new Encounter()
                .setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", actCode, null));
        stay.setId(id("enc"));
        stay.getPeriod().setStartElement(start == null ? null : new DateTimeType(start));
        stay.getPeriod().setEndElement(end == null ? null : new DateTimeType(end));
        if (reason != null) {
            stay.addReasonReference(new Reference("Condition/" + reason.getIdPart()));
        }
        encounters.add(stay);
        return stay;
    }

    static Quantity below(double value, String unit) {
        return new Quantity(value)
                .setComparator(Quantity.QuantityComparator.LESS_THAN)
                .setUnit(unit);
    }

    PlanRecord record() {
        return new PlanRecord(
                patient, plans, requests, statements, conditions, goals, observations, serviceRequests, encounters);
    }

    /** The conflicts care gaps' G11 sees in this chart, as the care-gap loader would hand it over, judged on DAY. */
    List<PlanConflicts.Conflict> careGapConflicts() {
        PatientRecord record = new PatientRecord(
                patient,
                conditions,
                serviceRequests,
                List.of(),
                plans,
                List.of(),
                encounters,
                observations,
                List.of(),
                List.of(),
                requests,
                statements,
                goals);
        return new CareGapConflicts(KNOWLEDGE, LocalServer.RELATIVE_ONLY)
                .in(record, AsOf.day(DAY, ZoneOffset.UTC, DAY.atTime(12, 0).toInstant(ZoneOffset.UTC)));
    }

    List<Conflict> conflicts() {
        return new ConflictEvaluator(KNOWLEDGE, LocalServer.RELATIVE_ONLY)
                .evaluate(record(), new Days(DAY, ZoneOffset.UTC), List.of());
    }

    /** "rule entry severity first-key second-key" per conflict, for exact assertions. */
    List<String> lines() {
        return conflicts().stream()
                .map(c -> c.rule().code() + " " + c.entry() + " " + c.severity() + " "
                        + c.first().key() + " " + c.second().key() + (c.textOnly() ? " text-only" : "")
                        + (c.sameAuthor() ? " same-author" : ""))
                .toList();
    }
}
