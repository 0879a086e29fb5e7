package org.carerelay.caregap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.handoff.rules.HandoffCodes;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SampledData;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;

/**
 * Patient records in every shape valid R4 allows where the care-gap rules look: each choice of {@code onset[x]},
 * {@code value[x]}, {@code effective[x]}, {@code performed[x]}, {@code scheduled[x]} and {@code occurrence[x]}, dates
 * missing or replaced by a data-absent-reason extension, periods open at either end, and references relative,
 * versioned, absolute, contained, conditional, logical (identifier only) or display only. Ordinary values are mixed in
 * and codes come from small pools, so that rules also get far enough to open gaps.
 */
final class RecordShapes {

    static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    private static final String LOINC = "http://loinc.org";
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";

    private static final List<String> DATES = List.of(
            "2024",
            "2025-11",
            "2025-12-31",
            "2026-01-15T09:30:00-05:00",
            "2026-04-15",
            "2026-05-01",
            "2026-05-10T14:00:00+02:00",
            "2026-05-20T08:00:00Z",
            "2026-06-01",
            "2026-06-20",
            "2026-06-29T23:59:59+14:00",
            "2026-06-30",
            "2026-07-02T10:00:00Z",
            "2027-02-01");

    private static final List<String> CONDITION_CODES = List.of(
            GapSettings.SNOMED + "|44054006|Diabetes mellitus type 2",
            GapSettings.SNOMED + "|35489007|Depressive disorder",
            GapSettings.SNOMED + "|38341003|Hypertension",
            GapSettings.SNOMED + "|84114007|Heart failure",
            GapSettings.ICD10CM + "|E11.9|",
            GapSettings.ICD10CM + "|F32.1|",
            GapSettings.ICD10CM + "|I50|",
            GapSettings.ICD10CM + "|J45.909|",
            "urn:example:local|I50|Heart failure");
    private static final List<String> OBSERVATION_CODES = List.of(
            LOINC + "|44261-6|PHQ-9 total score",
            LOINC + "|44261-6|",
            LOINC + "|4548-4|Hemoglobin A1c",
            LOINC + "|17856-6|",
            LOINC + "|8867-4|Heart rate",
            "urn:example:local|44261-6|");
    private static final List<String> TASK_CODES = List.of(
            HandoffCodes.HANDOFF_TYPE + "|referral|",
            HandoffCodes.HANDOFF_TYPE + "|transition-of-care|",
            HandoffCodes.TASK_CODE + "|fulfill|",
            HandoffCodes.TASK_CODE + "|approve|");
    private static final List<String> CLINICAL_STATUSES = List.of(
            CLINICAL + "|active|",
            CLINICAL + "|recurrence|",
            CLINICAL + "|relapse|",
            CLINICAL + "|remission|",
            CLINICAL + "|resolved|");
    private static final List<String> ENCOUNTER_CLASSES =
            List.of("IMP", "ACUTE", "NONAC", "AMB", "HH", "VR", "EMER").stream()
                    .map(code -> ACT_CODE + "|" + code + "|")
                    .toList();
    private static final List<String> ROLES = List.of(
            "urn:example:roles|coord|Care Coordinator",
            "urn:example:roles|cardio|Cardiologist",
            GapSettings.SNOMED + "|768821004|");

    private RecordShapes() {}

    // references to "#contained-1" need not resolve here: they are shapes, not documents
    private static final IParser JSON =
            FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));

    /** A drawn record; jqwik shows a failing sample by its {@code toString}, here the resources as JSON. */
    record Drawn(PatientRecord record) {
        @Override
        public String toString() {
            StringBuilder shown = new StringBuilder();
            resources(record).forEach(r -> shown.append("\n    ").append(json(r)));
            return shown.toString();
        }
    }

    static String json(Resource resource) {
        return JSON.encodeResourceToString(resource);
    }

    static Arbitrary<Drawn> records() {
        return Builders.withBuilder(Parts::new)
                .use(patient())
                .inSetter((p, v) -> p.patient = v)
                .use(condition().list().ofMaxSize(4))
                .inSetter((p, v) -> p.conditions = v)
                .use(serviceRequest().list().ofMaxSize(3))
                .inSetter((p, v) -> p.requests = v)
                .use(task().list().ofMaxSize(3))
                .inSetter((p, v) -> p.tasks = v)
                .use(carePlan().list().ofMaxSize(3))
                .inSetter((p, v) -> p.plans = v)
                .use(careTeam().list().ofMaxSize(2))
                .inSetter((p, v) -> p.teams = v)
                .use(encounter().list().ofMaxSize(3))
                .inSetter((p, v) -> p.encounters = v)
                .use(observation().list().ofMaxSize(4))
                .inSetter((p, v) -> p.observations = v)
                .use(procedure().list().ofMaxSize(2))
                .inSetter((p, v) -> p.procedures = v)
                .use(report().list().ofMaxSize(2))
                .inSetter((p, v) -> p.reports = v)
                .build(parts -> new Drawn(parts.record()));
    }

    /** The parts of a record, filled one by one by the builder. */
    private static final class Parts {
        Patient patient;
        List<Condition> conditions;
        List<ServiceRequest> requests;
        List<Task> tasks;
        List<CarePlan> plans;
        List<CareTeam> teams;
        List<Encounter> encounters;
        List<Observation> observations;
        List<Procedure> procedures;
        List<DiagnosticReport> reports;

        PatientRecord record() {
            return new PatientRecord(
                    patient, conditions, requests, tasks, plans, teams, encounters, observations, procedures, reports);
        }
    }

    static Arbitrary<Patient> patient() {
        Arbitrary<BooleanType> flag = booleans();
        Arbitrary<Type> deceased = Arbitraries.oneOf(flag, dateTime());
        return Builders.withBuilder(Patient::new)
                .use(id("Patient"))
                .inSetter(Resource::setId)
                .use(flag)
                .withProbability(0.6)
                .inSetter(Patient::setActiveElement)
                .use(deceased)
                .withProbability(0.4)
                .inSetter(Patient::setDeceased)
                .build();
    }

    /** Any shape, and a third of the time an ordinary active condition from the pool, so that G06 and G09 get far. */
    static Arbitrary<Condition> condition() {
        Arbitrary<Condition> ordinary = Arbitraries.of(CONDITION_CODES).map(template -> {
            String[] parts = template.split("\\|", -1);
            Condition condition = new Condition();
            condition.setId("Condition/" + parts[1]);
            condition.getClinicalStatus().addCoding(new Coding(CLINICAL, "active", null));
            condition.getCode().addCoding(new Coding(parts[0], parts[1], null));
            return condition.setOnset(new DateTimeType("2020-01-01"));
        });
        return Arbitraries.frequencyOf(Tuple.of(2, anyCondition()), Tuple.of(1, ordinary));
    }

    private static Arbitrary<Condition> anyCondition() {
        Arbitrary<Type> onset = Arbitraries.oneOf(dateTime(), age(), period(), range(), text("childhood"));
        Arbitrary<Type> abatement = Arbitraries.oneOf(dateTime(), age(), period(), range(), text("last spring"));
        return Builders.withBuilder(Condition::new)
                .use(id("Condition"))
                .inSetter(Resource::setId)
                .use(concept(CLINICAL_STATUSES))
                .withProbability(0.9)
                .inSetter(Condition::setClinicalStatus)
                .use(concept(CONDITION_CODES))
                .inSetter(Condition::setCode)
                .use(onset)
                .withProbability(0.8)
                .inSetter(Condition::setOnset)
                .use(abatement)
                .withProbability(0.2)
                .inSetter(Condition::setAbatement)
                .use(dateTime())
                .withProbability(0.4)
                .inSetter(Condition::setRecordedDateElement)
                .use(reference("Patient"))
                .inSetter(Condition::setSubject)
                .build();
    }

    static Arbitrary<ServiceRequest> serviceRequest() {
        Arbitrary<Type> occurrence = Arbitraries.oneOf(dateTime(), period(), timing());
        return Builders.withBuilder(ServiceRequest::new)
                .use(id("ServiceRequest"))
                .inSetter(Resource::setId)
                .use(status(ServiceRequest.ServiceRequestStatus.class, ServiceRequest.ServiceRequestStatus.ACTIVE))
                .withProbability(0.9)
                .inSetter(ServiceRequest::setStatus)
                .use(dateTime())
                .withProbability(0.8)
                .inSetter(ServiceRequest::setAuthoredOnElement)
                .use(concept(CONDITION_CODES))
                .withProbability(0.7)
                .inSetter(ServiceRequest::setCode)
                .use(occurrence)
                .withProbability(0.5)
                .inSetter(ServiceRequest::setOccurrence)
                .use(concept(CONDITION_CODES).list().ofMaxSize(2))
                .inSetter((r, v) -> v.forEach(r::addReasonCode))
                .use(reference("Condition").list().ofMaxSize(2))
                .inSetter((r, v) -> v.forEach(r::addReasonReference))
                .use(reference("Patient"))
                .inSetter(ServiceRequest::setSubject)
                .build();
    }

    static Arbitrary<Task> task() {
        return Builders.withBuilder(Task::new)
                .use(id("Task"))
                .inSetter(Resource::setId)
                .use(status(
                        Task.TaskStatus.class,
                        Task.TaskStatus.REQUESTED,
                        Task.TaskStatus.RECEIVED,
                        Task.TaskStatus.INPROGRESS,
                        Task.TaskStatus.COMPLETED))
                .withProbability(0.9)
                .inSetter(Task::setStatus)
                .use(dateTime())
                .withProbability(0.8)
                .inSetter(Task::setAuthoredOnElement)
                .use(concept(TASK_CODES))
                .withProbability(0.7)
                .inSetter(Task::setCode)
                .use(reference("ServiceRequest"))
                .withProbability(0.6)
                .inSetter(Task::setFocus)
                .use(reference("ServiceRequest").list().ofMaxSize(2))
                .inSetter((t, v) -> v.forEach(t::addBasedOn))
                .use(period())
                .withProbability(0.7)
                .inSetter((t, v) -> t.getRestriction().setPeriod(v))
                .use(text("call the patient"))
                .withProbability(0.3)
                .inSetter((t, v) -> t.setDescriptionElement((StringType) v))
                .use(reference("Patient"))
                .inSetter(Task::setFor)
                .build();
    }

    static Arbitrary<CarePlan> carePlan() {
        return Builders.withBuilder(CarePlan::new)
                .use(id("CarePlan"))
                .inSetter(Resource::setId)
                .use(status(CarePlan.CarePlanStatus.class, CarePlan.CarePlanStatus.ACTIVE))
                .withProbability(0.9)
                .inSetter(CarePlan::setStatus)
                .use(reference("Practitioner"))
                .withProbability(0.8)
                .inSetter(CarePlan::setAuthor)
                .use(reference("CareTeam").list().ofMaxSize(2))
                .inSetter((p, v) -> v.forEach(p::addCareTeam))
                .use(reference("CarePlan").list().ofMaxSize(2))
                .inSetter((p, v) -> v.forEach(p::addBasedOn))
                .use(reference("CarePlan"))
                .withProbability(0.2)
                .inSetter(CarePlan::addReplaces)
                .use(reference("CarePlan"))
                .withProbability(0.2)
                .inSetter(CarePlan::addPartOf)
                .use(reference("Condition").list().ofMaxSize(2))
                .inSetter((p, v) -> v.forEach(p::addAddresses))
                .use(dateTime())
                .withProbability(0.5)
                .inSetter(CarePlan::setCreatedElement)
                .use(period())
                .withProbability(0.6)
                .inSetter(CarePlan::setPeriod)
                .use(instant())
                .withProbability(0.7)
                .inSetter((p, v) -> p.getMeta().setLastUpdatedElement(v))
                .use(activity().list().ofMaxSize(3))
                .inSetter((p, v) -> v.forEach(p::addActivity))
                .use(Arbitraries.create(RecordShapes::containedTask))
                .withProbability(0.2)
                .inSetter(CarePlan::addContained)
                .use(reference("Patient"))
                .inSetter(CarePlan::setSubject)
                .build();
    }

    static Arbitrary<CarePlan.CarePlanActivityComponent> activity() {
        Arbitrary<Type> scheduled = Arbitraries.oneOf(timing(), period(), text("every morning"));
        Arbitrary<CarePlan.CarePlanActivityDetailComponent> detail = Builders.withBuilder(
                        CarePlan.CarePlanActivityDetailComponent::new)
                .use(status(
                        CarePlanActivityStatus.class,
                        CarePlanActivityStatus.NOTSTARTED,
                        CarePlanActivityStatus.SCHEDULED))
                .withProbability(0.9)
                .inSetter(CarePlan.CarePlanActivityDetailComponent::setStatus)
                .use(concept(CONDITION_CODES))
                .withProbability(0.8)
                .inSetter(CarePlan.CarePlanActivityDetailComponent::setCode)
                .use(scheduled)
                .withProbability(0.8)
                .inSetter(CarePlan.CarePlanActivityDetailComponent::setScheduled)
                .build();
        Arbitrary<Reference> target = Arbitraries.oneOf(reference("Task"), reference("ServiceRequest"));
        return Builders.withBuilder(CarePlan.CarePlanActivityComponent::new)
                .use(detail)
                .withProbability(0.7)
                .inSetter(CarePlan.CarePlanActivityComponent::setDetail)
                .use(target)
                .withProbability(0.5)
                .inSetter(CarePlan.CarePlanActivityComponent::setReference)
                .build();
    }

    static Arbitrary<CareTeam> careTeam() {
        Arbitrary<CareTeam.CareTeamParticipantComponent> participant = Builders.withBuilder(
                        CareTeam.CareTeamParticipantComponent::new)
                .use(concept(ROLES).list().ofMaxSize(2))
                .inSetter((m, v) -> v.forEach(m::addRole))
                .use(reference("Practitioner"))
                .inSetter(CareTeam.CareTeamParticipantComponent::setMember)
                .build();
        return Builders.withBuilder(CareTeam::new)
                .use(id("CareTeam"))
                .inSetter(Resource::setId)
                .use(status(CareTeam.CareTeamStatus.class, CareTeam.CareTeamStatus.ACTIVE))
                .withProbability(0.9)
                .inSetter(CareTeam::setStatus)
                .use(participant.list().ofMaxSize(3))
                .inSetter((t, v) -> v.forEach(t::addParticipant))
                .use(reference("Patient"))
                .inSetter(CareTeam::setSubject)
                .build();
    }

    static Arbitrary<Encounter> encounter() {
        return Builders.withBuilder(Encounter::new)
                .use(id("Encounter"))
                .inSetter(Resource::setId)
                .use(status(Encounter.EncounterStatus.class, Encounter.EncounterStatus.FINISHED))
                .withProbability(0.9)
                .inSetter(Encounter::setStatus)
                .use(coding(ENCOUNTER_CLASSES))
                .withProbability(0.9)
                .inSetter(Encounter::setClass_)
                .use(period())
                .withProbability(0.9)
                .inSetter(Encounter::setPeriod)
                .use(reference("ServiceRequest").list().ofMaxSize(2))
                .inSetter((e, v) -> v.forEach(e::addBasedOn))
                .use(reference("Patient"))
                .inSetter(Encounter::setSubject)
                .build();
    }

    /** Any shape, and a third of the time an ordinary PHQ-9 or HbA1c result, so that G08 and G09 get far. */
    static Arbitrary<Observation> observation() {
        Arbitrary<Observation> ordinary = Combinators.combine(
                        Arbitraries.of("44261-6", "4548-4"), Arbitraries.of(4, 12, 18), Arbitraries.of(DATES))
                .as((code, value, date) -> {
                    Observation result = new Observation().setStatus(Observation.ObservationStatus.FINAL);
                    result.setId("Observation/" + code);
                    result.getCode().addCoding(new Coding(LOINC, code, null));
                    return result.setValue(new IntegerType(value)).setEffective(new DateTimeType(date));
                });
        return Arbitraries.frequencyOf(Tuple.of(2, anyObservation()), Tuple.of(1, ordinary));
    }

    private static Arbitrary<Observation> anyObservation() {
        Arbitrary<Type> effective = Arbitraries.frequencyOf(
                Tuple.of(4, dateTime()), Tuple.of(1, period()), Tuple.of(1, timing()), Tuple.of(1, instant()));
        return Builders.withBuilder(Observation::new)
                .use(id("Observation"))
                .inSetter(Resource::setId)
                .use(status(Observation.ObservationStatus.class, Observation.ObservationStatus.FINAL))
                .withProbability(0.9)
                .inSetter(Observation::setStatus)
                .use(concept(OBSERVATION_CODES))
                .inSetter(Observation::setCode)
                .use(value())
                .withProbability(0.85)
                .inSetter(Observation::setValue)
                .use(concept(List.of(
                        "http://terminology.hl7.org/CodeSystem/data-absent-reason|not-performed|",
                        "http://terminology.hl7.org/CodeSystem/data-absent-reason|asked-declined|")))
                .withProbability(0.2)
                .inSetter(Observation::setDataAbsentReason)
                .use(effective)
                .withProbability(0.85)
                .inSetter(Observation::setEffective)
                .use(instant())
                .withProbability(0.3)
                .inSetter(Observation::setIssuedElement)
                .use(reference("ServiceRequest").list().ofMaxSize(2))
                .inSetter((o, v) -> v.forEach(o::addBasedOn))
                .use(reference("Patient"))
                .inSetter(Observation::setSubject)
                .build();
    }

    static Arbitrary<Procedure> procedure() {
        Arbitrary<Type> performed = Arbitraries.oneOf(dateTime(), period(), text("last year"), age(), range());
        return Builders.withBuilder(Procedure::new)
                .use(id("Procedure"))
                .inSetter(Resource::setId)
                .use(status(Procedure.ProcedureStatus.class, Procedure.ProcedureStatus.COMPLETED))
                .withProbability(0.9)
                .inSetter(Procedure::setStatus)
                .use(performed)
                .withProbability(0.8)
                .inSetter(Procedure::setPerformed)
                .use(reference("ServiceRequest").list().ofMaxSize(2))
                .inSetter((p, v) -> v.forEach(p::addBasedOn))
                .use(reference("Patient"))
                .inSetter(Procedure::setSubject)
                .build();
    }

    static Arbitrary<DiagnosticReport> report() {
        Arbitrary<Type> effective = Arbitraries.oneOf(dateTime(), period());
        return Builders.withBuilder(DiagnosticReport::new)
                .use(id("DiagnosticReport"))
                .inSetter(Resource::setId)
                .use(status(
                        DiagnosticReport.DiagnosticReportStatus.class, DiagnosticReport.DiagnosticReportStatus.FINAL))
                .withProbability(0.9)
                .inSetter(DiagnosticReport::setStatus)
                .use(effective)
                .withProbability(0.7)
                .inSetter(DiagnosticReport::setEffective)
                .use(instant())
                .withProbability(0.4)
                .inSetter(DiagnosticReport::setIssuedElement)
                .use(reference("ServiceRequest").list().ofMaxSize(2))
                .inSetter((r, v) -> v.forEach(r::addBasedOn))
                .use(reference("Patient"))
                .inSetter(DiagnosticReport::setSubject)
                .build();
    }

    private static Task containedTask() {
        Task task = new Task().setStatus(Task.TaskStatus.INPROGRESS).setIntent(Task.TaskIntent.ORDER);
        task.setId("contained-1");
        task.getRestriction().getPeriod().setEndElement(new DateTimeType("2026-01-01"));
        return task;
    }

    /** {@code Type/n}, versioned or not, or no id at all (a resource not yet stored). */
    static Arbitrary<String> id(String type) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("1", "2", "3").map(n -> type + "/" + n)),
                Tuple.of(1, Arbitraries.just(type + "/1/_history/3")),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    static Arbitrary<Reference> reference(String type) {
        List<Supplier<Reference>> odd = List.of(
                () -> new Reference(type + "/1/_history/2"),
                () -> new Reference("http://other.org/fhir/" + type + "/1"),
                () -> new Reference("#contained-1"),
                () -> new Reference("urn:uuid:0b7f1c52-5c1e-4c3a-9d51-8f0b9a1e2c11"),
                () -> new Reference(type + "?identifier=urn:example|7"),
                () -> new Reference(type),
                () -> new Reference()
                        .setIdentifier(new Identifier().setSystem("urn:example").setValue("7")),
                () -> new Reference().setDisplay("someone elsewhere"),
                () -> absent(new Reference()),
                () -> new Reference().setReferenceElement(absent(new StringType())));
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("1", "2", "3").map(n -> new Reference(type + "/" + n))),
                Tuple.of(2, Arbitraries.of(odd).map(Supplier::get)));
    }

    /** A coding from {@code system|code|display} templates, sometimes without its code, system or display. */
    static Arbitrary<Coding> coding(List<String> templates) {
        return Combinators.combine(Arbitraries.of(templates), Arbitraries.of(0, 0, 0, 1, 2, 3))
                .as((template, damage) -> {
                    String[] parts = template.split("\\|", -1);
                    Coding coding = new Coding(parts[0], parts[1], parts[2].isEmpty() ? null : parts[2]);
                    switch (damage) {
                        case 1 -> coding.setCode(null);
                        case 2 -> coding.setSystem(null);
                        case 3 -> coding.setDisplay(null).setCodeElement(absent(new CodeType()));
                        default -> {}
                    }
                    return coding;
                });
    }

    static Arbitrary<CodeableConcept> concept(List<String> templates) {
        return Builders.withBuilder(CodeableConcept::new)
                .use(coding(templates).list().ofMaxSize(2))
                .inSetter((c, v) -> v.forEach(c::addCoding))
                .use(Arbitraries.of("behavioral health referral", ""))
                .withProbability(0.3)
                .inSetter(CodeableConcept::setText)
                .build();
    }

    /** Any status, the {@code likely} ones (those the rules act on) half of the time. */
    @SafeVarargs
    static <E extends Enum<E>> Arbitrary<E> status(Class<E> type, E... likely) {
        // NULL is HAPI's stand-in for "no code", never a value a parser produces
        Arbitrary<E> any = Arbitraries.of(type).filter(e -> !e.name().equals("NULL"));
        return Arbitraries.frequencyOf(Tuple.of(1, any), Tuple.of(1, Arbitraries.of(likely)));
    }

    /** A date and time at any precision, or an element with no value: empty, or a data-absent-reason. */
    static Arbitrary<DateTimeType> dateTime() {
        return primitive(DateTimeType::new, Arbitraries.of(DATES).map(DateTimeType::new));
    }

    static Arbitrary<InstantType> instant() {
        return primitive(
                InstantType::new,
                Arbitraries.of("2025-12-01T00:00:00Z", "2026-06-01T09:00:00Z", "2026-07-03T00:00:00+02:00")
                        .map(InstantType::new));
    }

    static Arbitrary<BooleanType> booleans() {
        return primitive(BooleanType::new, Arbitraries.of(true, false).map(BooleanType::new));
    }

    static Arbitrary<Type> text(String value) {
        return primitive(StringType::new, Arbitraries.create(() -> new StringType(value)))
                .map(Type.class::cast);
    }

    private static <P extends Element> Arbitrary<P> primitive(Supplier<P> empty, Arbitrary<P> values) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, values),
                Tuple.of(1, Arbitraries.create(() -> absent(empty.get()))),
                Tuple.of(1, Arbitraries.create(empty)));
    }

    /** Open at either end, or at both. */
    static Arbitrary<Period> period() {
        return Builders.withBuilder(Period::new)
                .use(dateTime())
                .withProbability(0.7)
                .inSetter(Period::setStartElement)
                .use(dateTime())
                .withProbability(0.7)
                .inSetter(Period::setEndElement)
                .build();
    }

    static Arbitrary<Timing> timing() {
        Arbitrary<Type> bounds = Arbitraries.oneOf(
                period(), Arbitraries.create(() -> new Duration().setValue(6).setUnit("wk")), range());
        return Builders.withBuilder(Timing::new)
                .use(bounds)
                .withProbability(0.6)
                .inSetter((t, v) -> t.getRepeat().setBounds(v))
                .use(dateTime())
                .withProbability(0.3)
                .inSetter((t, v) -> t.getEvent().add(v))
                .use(Arbitraries.of("BID", "QD"))
                .withProbability(0.3)
                .inSetter((t, v) -> t.getCode().setText(v))
                .build();
    }

    static Arbitrary<Type> age() {
        return Arbitraries.of(40, 65)
                .map(years -> (Type) new Age().setValue(years).setUnit("a").setSystem("http://unitsofmeasure.org"));
    }

    static Arbitrary<Type> range() {
        return Arbitraries.create(() -> {
            Range range = new Range();
            range.setLow((SimpleQuantity) new SimpleQuantity().setValue(40));
            return range;
        });
    }

    /** Every {@code Observation.value[x]}, with and without a value in it. */
    static Arbitrary<Type> value() {
        Arbitrary<Type> quantity = Builders.withBuilder(Quantity::new)
                .use(Arbitraries.of("0", "9", "10", "14.5", "27", "7.1").map(BigDecimal::new))
                .withProbability(0.85)
                .inSetter(Quantity::setValue)
                .use(Arbitraries.of(
                        Quantity.QuantityComparator.LESS_THAN, Quantity.QuantityComparator.GREATER_OR_EQUAL))
                .withProbability(0.2)
                .inSetter(Quantity::setComparator)
                .build()
                .map(Type.class::cast);
        Arbitrary<Type> integer = primitive(
                        IntegerType::new, Arbitraries.of(0, 9, 10, 15, 27).map(IntegerType::new))
                .map(Type.class::cast);
        List<Supplier<Type>> others = List.of(
                () -> new CodeableConcept().setText("moderate"),
                () -> new StringType("fourteen"),
                () -> new BooleanType(true),
                () -> new Range().setHigh(new SimpleQuantity().setValue(12)),
                () -> new Ratio().setNumerator(new Quantity(1)).setDenominator(new Quantity(2)),
                () -> new SampledData()
                        .setOrigin(new SimpleQuantity().setValue(0))
                        .setPeriod(1)
                        .setDimensions(1),
                () -> new TimeType("10:00:00"),
                () -> new DateTimeType("2026-05-01"),
                () -> new Period().setStartElement(new DateTimeType("2026-05-01")));
        return Arbitraries.frequencyOf(
                Tuple.of(4, quantity),
                Tuple.of(3, integer),
                Tuple.of(2, Arbitraries.of(others).map(Supplier::get)));
    }

    /** The element with its value replaced by a data-absent-reason extension, as R4 allows for any element. */
    static <E extends Element> E absent(E element) {
        element.addExtension(DATA_ABSENT_REASON, new CodeType("unknown"));
        return element;
    }

    static List<Resource> resources(PatientRecord record) {
        List<Resource> all = new ArrayList<>();
        all.add(record.patient());
        all.addAll(record.conditions());
        all.addAll(record.serviceRequests());
        all.addAll(record.tasks());
        all.addAll(record.carePlans());
        all.addAll(record.careTeams());
        all.addAll(record.encounters());
        all.addAll(record.observations());
        all.addAll(record.procedures());
        all.addAll(record.reports());
        return all;
    }
}
