package org.carerelay.caregap.rules;

import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** One patient's record for gap-rule tests, evaluated as of 2026-06-30 unless a test says otherwise. */
final class GapScenario {

    static final Date AS_OF = date("2026-06-30T12:00:00Z");

    final Patient patient = new Patient();
    final List<Condition> conditions = new ArrayList<>();
    final List<ServiceRequest> requests = new ArrayList<>();
    final List<Task> tasks = new ArrayList<>();
    final List<CarePlan> plans = new ArrayList<>();
    final List<CareTeam> teams = new ArrayList<>();
    final List<Encounter> encounters = new ArrayList<>();
    final List<Observation> observations = new ArrayList<>();
    final List<Procedure> procedures = new ArrayList<>();
    final List<DiagnosticReport> reports = new ArrayList<>();
    final List<MedicationRequest> medications = new ArrayList<>();
    private int ids;

    GapScenario() {
        patient.setId("Patient/p");
    }

    <T extends Resource> T id(T resource) {
        resource.setId(resource.fhirType() + "/" + (++ids));
        return resource;
    }

    ServiceRequest referral(String authored) {
        ServiceRequest request = id(new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setAuthoredOnElement(new DateTimeType(authored)));
        request.getCode().setText("behavioral health referral");
        requests.add(request);
        return request;
    }

    Task task(Task.TaskStatus status, String authored) {
        Task task = id(new Task().setStatus(status).setIntent(Task.TaskIntent.ORDER));
        task.setAuthoredOnElement(new DateTimeType(authored));
        tasks.add(task);
        return task;
    }

    Condition condition(String system, String code) {
        Condition condition = id(new Condition());
        condition
                .getClinicalStatus()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical")
                .setCode("active");
        condition.getCode().addCoding(new Coding(system, code, null));
        condition.setOnset(new DateTimeType("2020-01-01"));
        conditions.add(condition);
        return condition;
    }

    Observation observation(String loinc, double value, String effective) {
        Observation observation = id(new Observation().setStatus(Observation.ObservationStatus.FINAL));
        observation.getCode().addCoding(new Coding(Codes.LOINC, loinc, null));
        observation.setValue(new Quantity(value));
        observation.setEffective(new DateTimeType(effective));
        observations.add(observation);
        return observation;
    }

    Encounter encounter(String classCode, String start, String end) {
        Encounter encounter = id(new Encounter().setStatus(Encounter.EncounterStatus.FINISHED));
        encounter.getClass_().setCode(classCode);
        encounter.getPeriod().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end));
        encounters.add(encounter);
        return encounter;
    }

    Procedure procedure(Reference basedOn) {
        Procedure procedure = id(new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED));
        procedure.addBasedOn(basedOn);
        procedures.add(procedure);
        return procedure;
    }

    DiagnosticReport report(Reference basedOn) {
        DiagnosticReport report = id(new DiagnosticReport().setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL));
        report.addBasedOn(basedOn);
        reports.add(report);
        return report;
    }

    CarePlan plan(String author) {
        CarePlan plan =
                id(new CarePlan().setStatus(CarePlan.CarePlanStatus.ACTIVE).setIntent(CarePlan.CarePlanIntent.PLAN));
        plan.setAuthor(new Reference(author));
        plan.getMeta().setLastUpdatedElement(new org.hl7.fhir.r4.model.InstantType("2026-06-01T00:00:00Z"));
        plans.add(plan);
        return plan;
    }

    /** An active order of an RxNorm ingredient by {@code requester}. */
    MedicationRequest medication(String rxnorm, String name, String requester) {
        MedicationRequest request = id(new MedicationRequest()
                .setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER));
        request.setMedication(
                new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", rxnorm, name))
                        .setText(name));
        request.setRequester(new Reference(requester));
        request.setAuthoredOnElement(new DateTimeType("2026-06-01"));
        medications.add(request);
        return request;
    }

    CareTeam team(String role) {
        CareTeam team = id(new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE));
        team.addParticipant().setMember(new Reference("Practitioner/x")).addRole(new CodeableConcept().setText(role));
        teams.add(team);
        return team;
    }

    List<Gap> gaps(CareGapRule rule) {
        return gaps(rule, AS_OF);
    }

    List<Gap> gaps(CareGapRule rule, Date asOf) {
        return gaps(rule, AsOf.at(asOf));
    }

    List<Gap> gaps(CareGapRule rule, AsOf asOf) {
        return ShippedConflicts.evaluator().evaluate(record(), asOf, EnumSet.of(rule));
    }

    PatientRecord record() {
        return new PatientRecord(
                patient,
                conditions,
                requests,
                tasks,
                plans,
                teams,
                encounters,
                observations,
                procedures,
                reports,
                medications,
                List.of(),
                List.of());
    }

    /** The element with its value replaced by a data-absent-reason extension, as R4 allows for any element. */
    static <E extends org.hl7.fhir.r4.model.Element> E absent(E element) {
        element.addExtension(
                "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                new org.hl7.fhir.r4.model.CodeType("unknown"));
        return element;
    }

    static Date date(String value) {
        return new DateTimeType(value).getValue();
    }
}
