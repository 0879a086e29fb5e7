package org.carerelay.caregap.scenario;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.handoff.rules.HandoffCodes;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * A deterministic population with the coordination record real practices have, and the care gaps it plants. Patient
 * {@code n} of a seed is always the same, whatever the population's size: it draws from its own random stream. Each
 * part of a record (conditions and care team, referral, handoff, task, care plans, PHQ-9, HbA1c, inpatient stay,
 * medication orders) is
 * drawn on its own and built so that parts never open or close each other's gaps, except where the generator counts
 * it (a care-plan activity pointing at an overdue task is both G03 and G04). Dates are relative to {@code asOf}, at
 * noon UTC, away from every threshold. The planted gaps are those of the default thresholds of the design.
 */
public final class ScenarioGenerator {

    static final String SNOMED = GapSettings.SNOMED;
    static final String LOINC = "http://loinc.org";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    static final int ORGANIZATIONS = 3;
    static final int PRIMARY_CARE = 8;

    /** The specialists, coordinators and primary-care physicians every patient draws from. */
    public enum Role {
        PRIMARY_CARE("Primary care physician"),
        CARDIOLOGIST("Cardiologist"),
        PSYCHIATRIST("Psychiatrist"),
        ENDOCRINOLOGIST("Endocrinologist"),
        COORDINATOR("Care coordinator");

        final String display;

        Role(String display) {
            this.display = display;
        }
    }

    /** One gap the generator planted: its rule and its evidence ({@code Type/id}, in no particular order). */
    public record PlannedGap(String patientId, CareGapRule rule, Set<String> evidence) {}

    /** One patient's resources, in an order a transaction can store, and the gaps they plant. */
    public record PlantedPatient(String patientId, List<Resource> resources, List<PlannedGap> planned) {

        /** The same patient without its resources, to keep while a large population is written. */
        public PlantedPatient withoutResources() {
            return new PlantedPatient(patientId, List.of(), planned);
        }

        /** How many gaps of each rule were planted. */
        public Map<CareGapRule, Integer> gaps() {
            Map<CareGapRule, Integer> gaps = new EnumMap<>(CareGapRule.class);
            planned.forEach(gap -> gaps.merge(gap.rule(), 1, Integer::sum));
            return gaps;
        }

        public int gapCount() {
            return planned.size();
        }
    }

    private final long seed;
    private final LocalDate asOf;
    private final String prefix;
    private final boolean syntheaDensity;

    /** @param prefix starts every id, so populations of several seeds live side by side */
    public ScenarioGenerator(long seed, LocalDate asOf, String prefix) {
        this(seed, asOf, prefix, false);
    }

    private ScenarioGenerator(long seed, LocalDate asOf, String prefix, boolean syntheaDensity) {
        this.seed = seed;
        this.asOf = asOf;
        this.prefix = prefix;
        this.syntheaDensity = syntheaDensity;
    }

    /**
     * The same population with a Synthea-sized history around each generated patient ({@link SyntheaDensity}): the
     * same records and planted gaps, hundreds of resources more per patient.
     */
    public ScenarioGenerator withSyntheaDensity() {
        return new ScenarioGenerator(seed, asOf, prefix, true);
    }

    public LocalDate asOf() {
        return asOf;
    }

    /** The organizations and practitioners every patient refers to; store them first. */
    public List<Resource> shared() {
        List<Resource> shared = new ArrayList<>();
        for (int o = 0; o < ORGANIZATIONS; o++) {
            shared.add(new Organization().setName("Practice " + (o + 1)).setId(organization(o)));
        }
        for (Role role : Role.values()) {
            int count = role == Role.PRIMARY_CARE ? PRIMARY_CARE : 2;
            for (int n = 0; n < count; n++) {
                Practitioner practitioner = new Practitioner();
                practitioner.setId(practitionerId(role, n));
                practitioner.addName().setFamily(role.display.replace(" ", "") + (n + 1));
                shared.add(practitioner);
            }
        }
        return shared;
    }

    public String organization(int n) {
        return prefix + "-org" + n;
    }

    public String practitionerId(Role role, int n) {
        return prefix + "-" + role.name().toLowerCase().replace('_', '-') + n;
    }

    /** Patient {@code n} with its whole record. */
    public PlantedPatient patient(int n) {
        PlantedPatient planted = build(n, null);
        return syntheaDensity ? new SyntheaDensity(this, seed).around(planted, n) : planted;
    }

    /**
     * The coordination record of patient {@code n} drawn onto a patient already stored (for example a Synthea
     * patient): care team, referral, handoff, task, care plans, PHQ-9, HbA1c and inpatient stay, without the Patient
     * itself or its conditions. The gaps are those planted; the patient's own record may open or close others.
     */
    public PlantedPatient onto(String existingPatientId, int n) {
        return build(n, existingPatientId);
    }

    private PlantedPatient build(int n, String existing) {
        Random random = new Random(seed * 1_000_003L + n);
        String patientId = existing != null ? existing : String.format("%s-p%05d", prefix, n);
        PatientRecordBuilder record = new PatientRecordBuilder(this, random, patientId, n);
        if (existing == null) {
            record.patient();
            record.conditions();
        }
        record.careTeam();
        record.referral();
        record.handoff();
        record.task();
        record.carePlans();
        record.phq9();
        record.hba1c();
        record.inpatientStay();
        record.routineVisit();
        record.conflictingOrders();
        return new PlantedPatient(patientId, record.resources(), record.stillHelpable() ? record.planted() : List.of());
    }

    /** Noon UTC, {@code days} before asOf. */
    Date daysAgo(double days) {
        return Date.from(asOf.atTime(12, 0).toInstant(ZoneOffset.UTC).minusSeconds(Math.round(days * 86_400)));
    }

    static Reference ref(Resource resource) {
        return new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
    }

    static CodeableConcept snomed(String code, String display) {
        return new CodeableConcept(new Coding(SNOMED, code, display)).setText(display);
    }

    static Condition condition(String code, String display, boolean active) {
        Condition condition = new Condition();
        condition.setClinicalStatus(new CodeableConcept(new Coding(CLINICAL, active ? "active" : "resolved", null)));
        condition.setCode(snomed(code, display));
        return condition;
    }

    static Observation loinc(String code, String display, double value, String unit) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding(new Coding(LOINC, code, display)).setText(display);
        observation.setValue(new Quantity().setValue(value).setUnit(unit));
        return observation;
    }

    static Encounter encounter(String classCode, Period period) {
        Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding(ACT_CODE, classCode, null));
        encounter.setPeriod(period);
        return encounter;
    }

    static Task task(TaskStatus status, Date authored) {
        Task task = new Task().setStatus(status).setIntent(Task.TaskIntent.ORDER);
        task.setAuthoredOnElement(new DateTimeType(authored));
        return task;
    }

    static Coding handoffType() {
        return new Coding(HandoffCodes.HANDOFF_TYPE, "transition-of-care", "Transition of care");
    }

    static Coding fulfill() {
        return new Coding(HandoffCodes.TASK_CODE, "fulfill", "Fulfill the focal request");
    }

    static CarePlan carePlan(Reference author, Period period) {
        CarePlan plan =
                new CarePlan().setStatus(CarePlan.CarePlanStatus.ACTIVE).setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setAuthor(author);
        plan.setPeriod(period);
        return plan;
    }

    static CareTeam careTeam(CareTeam.CareTeamStatus status) {
        return new CareTeam().setStatus(status);
    }

    static AdministrativeGender gender(Random random) {
        return random.nextBoolean() ? AdministrativeGender.FEMALE : AdministrativeGender.MALE;
    }

    static ServiceRequest referral(Date authored, ServiceRequest.ServiceRequestStatus status) {
        ServiceRequest referral = new ServiceRequest()
                .setStatus(status)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setAuthoredOnElement(new DateTimeType(authored));
        referral.setCode(snomed("3457005", "Patient referral"));
        return referral;
    }

    static Patient newPatient() {
        return new Patient();
    }
}
