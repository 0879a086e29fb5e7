package org.carerelay.caregap.scenario;

import static org.carerelay.caregap.scenario.ScenarioGenerator.ref;
import static org.carerelay.caregap.scenario.ScenarioGenerator.snomed;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlannedGap;
import org.carerelay.caregap.scenario.ScenarioGenerator.Role;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * Draws one patient's record part by part and counts the gaps it plants. Every part draws from the patient's own
 * random stream in a fixed order, so a patient is the same on every run.
 */
final class PatientRecordBuilder {

    private static final TaskStatus[] HANDOFF_STATUSES = {
        TaskStatus.REQUESTED, TaskStatus.RECEIVED, TaskStatus.ACCEPTED, TaskStatus.INPROGRESS, TaskStatus.ONHOLD,
        TaskStatus.READY, TaskStatus.COMPLETED, TaskStatus.CANCELLED, TaskStatus.REJECTED, TaskStatus.FAILED,
        TaskStatus.DRAFT, TaskStatus.ENTEREDINERROR
    };

    private final ScenarioGenerator scenario;
    private final Random random;
    private final String patientId;
    private final Reference patient;
    private final Reference primaryCare;
    private final List<Resource> resources = new ArrayList<>();
    private final List<PlannedGap> planted = new ArrayList<>();
    private final List<Condition> activeChronic = new ArrayList<>();
    private final List<Condition> diabetes = new ArrayList<>();
    private int sequence;
    private boolean helpable = true;
    private boolean coordinator;
    private CareTeam team;

    PatientRecordBuilder(ScenarioGenerator scenario, Random random, String patientId, int n) {
        this.scenario = scenario;
        this.random = random;
        this.patientId = patientId;
        this.patient = new Reference("Patient/" + patientId);
        this.primaryCare = new Reference(
                "Practitioner/" + scenario.practitionerId(Role.PRIMARY_CARE, n % ScenarioGenerator.PRIMARY_CARE));
    }

    void patient() {
        Patient resource = new Patient();
        resource.setActive(true);
        resource.addName()
                .setFamily("Generated" + patientId.replaceAll("[^0-9]", ""))
                .addGiven("Pat");
        resource.setGender(ScenarioGenerator.gender(random));
        resource.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(
                scenario.asOf().minusYears(30 + random.nextInt(55)).toString()));
        resource.addGeneralPractitioner(primaryCare);
        resource.setManagingOrganization(new Reference(
                "Organization/" + scenario.organization(random.nextInt(ScenarioGenerator.ORGANIZATIONS))));
        double draw = random.nextDouble();
        if (draw < 0.04) {
            resource.setDeceased(new DateTimeType(scenario.daysAgo(30)));
            helpable = false;
        } else if (draw < 0.07) {
            resource.setActive(false);
            helpable = false;
        }
        resource.setId("Patient/" + patientId);
        resources.add(resource);
    }

    /** Chronic conditions: none, one, or two (one of them sometimes resolved). */
    void conditions() {
        double draw = random.nextDouble();
        List<Condition> conditions = new ArrayList<>();
        if (draw < 0.30) {
            return;
        } else if (draw < 0.50) {
            conditions.add(ScenarioGenerator.condition("38341003", "Hypertension", true));
        } else if (draw < 0.65) {
            conditions.add(ScenarioGenerator.condition("44054006", "Diabetes mellitus type 2", true));
        } else if (draw < 0.80) {
            conditions.add(ScenarioGenerator.condition("44054006", "Diabetes mellitus type 2", true));
            conditions.add(ScenarioGenerator.condition("38341003", "Hypertension", true));
        } else if (draw < 0.90) {
            conditions.add(ScenarioGenerator.condition("84114007", "Heart failure", true));
            conditions.add(ScenarioGenerator.condition("13645005", "Chronic obstructive lung disease", true));
        } else {
            conditions.add(ScenarioGenerator.condition("35489007", "Depressive disorder", true));
            conditions.add(ScenarioGenerator.condition("195967001", "Asthma", true));
        }
        if (conditions.size() == 2 && random.nextDouble() < 0.15) {
            Condition resolved = conditions.get(1);
            resolved.getClinicalStatus().getCodingFirstRep().setCode("resolved");
            resolved.setAbatement(new DateTimeType(scenario.daysAgo(100)));
        }
        for (Condition condition : conditions) {
            condition.setSubject(patient);
            condition.setOnset(new DateTimeType(scenario.daysAgo(400 + random.nextInt(2000))));
            boolean active = !condition.hasAbatement();
            add(condition, "cond");
            if (active) {
                activeChronic.add(condition);
                if (condition.getCode().getCodingFirstRep().getCode().equals("44054006")) {
                    diabetes.add(condition);
                }
            }
        }
    }

    /** None, active with or without a coordinator, or an inactive team whose coordinator no longer counts. */
    void careTeam() {
        double draw = random.nextDouble();
        if (draw < 0.25) {
            return;
        }
        boolean active = draw < 0.90;
        boolean withCoordinator = draw < 0.60 || draw >= 0.90;
        team = ScenarioGenerator.careTeam(active ? CareTeam.CareTeamStatus.ACTIVE : CareTeam.CareTeamStatus.INACTIVE);
        team.setSubject(patient);
        team.setName("Care team of " + patientId);
        member(team, primaryCare, Role.PRIMARY_CARE);
        member(team, practitioner(Role.CARDIOLOGIST), Role.CARDIOLOGIST);
        if (withCoordinator) {
            member(team, practitioner(Role.COORDINATOR), Role.COORDINATOR);
        }
        coordinator = active && withCoordinator;
        add(team, "team");
    }

    /** None, forgotten, fulfilled by a completed Task or by an encounter, still young, or completed. */
    void referral() {
        double draw = random.nextDouble();
        if (draw < 0.40) {
            return;
        }
        boolean young = draw >= 0.75 && draw < 0.90;
        ServiceRequest referral = ScenarioGenerator.referral(
                scenario.daysAgo(young ? 10 : 45),
                draw >= 0.90
                        ? ServiceRequest.ServiceRequestStatus.COMPLETED
                        : ServiceRequest.ServiceRequestStatus.ACTIVE);
        referral.setSubject(patient);
        referral.setRequester(primaryCare);
        referral.addPerformer(practitioner(Role.PSYCHIATRIST));
        add(referral, "referral");
        if (draw < 0.55) {
            plant(CareGapRule.REFERRAL_OPEN, referral);
        } else if (draw < 0.65) {
            Task fulfilled = ScenarioGenerator.task(TaskStatus.COMPLETED, scenario.daysAgo(44));
            fulfilled.getCode().addCoding(ScenarioGenerator.fulfill());
            fulfilled.setFocus(ref(referral)).setFor(patient).setRequester(primaryCare);
            fulfilled.setOwner(practitioner(Role.PSYCHIATRIST));
            add(fulfilled, "fulfil");
        } else if (draw < 0.75) {
            Encounter visit = ScenarioGenerator.encounter(
                    "AMB", new Period().setStart(scenario.daysAgo(40)).setEnd(scenario.daysAgo(40)));
            visit.setSubject(patient).addBasedOn(ref(referral));
            add(visit, "visit");
        }
    }

    /** A handoff in any status; still requested or received after 72 hours is a gap. */
    void handoff() {
        if (random.nextDouble() < 0.35) {
            return;
        }
        TaskStatus status = HANDOFF_STATUSES[random.nextInt(HANDOFF_STATUSES.length)];
        boolean recent = random.nextDouble() < 0.2;
        Task handoff = ScenarioGenerator.task(status, scenario.daysAgo(recent ? 1 : 5));
        handoff.getCode().addCoding(ScenarioGenerator.handoffType());
        handoff.setFor(patient).setRequester(practitioner(Role.PRIMARY_CARE));
        handoff.setOwner(practitioner(Role.CARDIOLOGIST));
        handoff.setDescription("Transition to cardiology");
        add(handoff, "handoff");
        if (!recent && (status == TaskStatus.REQUESTED || status == TaskStatus.RECEIVED)) {
            plant(CareGapRule.HANDOFF_UNACKNOWLEDGED, handoff);
        }
    }

    /** A follow-up task: past due and open (a gap), due later, or done late. */
    void task() {
        double draw = random.nextDouble();
        if (draw < 0.60) {
            return;
        }
        boolean overdue = draw < 0.75 || draw >= 0.95;
        TaskStatus status = draw >= 0.85 && draw < 0.95 ? TaskStatus.COMPLETED : TaskStatus.INPROGRESS;
        Task task =
                dueTask(status, overdue ? scenario.daysAgo(3) : scenario.daysAgo(-5), "Call patient about medicines");
        add(task, "task");
        if (overdue && status != TaskStatus.COMPLETED) {
            plant(CareGapRule.TASK_OVERDUE, task);
        }
    }

    /** At most one care-plan situation per patient, so that plans never make each other fragmented by accident. */
    void carePlans() {
        double draw = random.nextDouble();
        Period current = new Period().setStart(scenario.daysAgo(60)).setEnd(scenario.daysAgo(-90));
        if (draw < 0.30) {
            return;
        } else if (draw < 0.40 || draw >= 0.95) {
            boolean overdue = draw < 0.40;
            CarePlan plan = ScenarioGenerator.carePlan(primaryCare, current);
            plan.setCreated(scenario.daysAgo(60));
            var detail = plan.addActivity().getDetail();
            detail.setStatus(
                    overdue ? CarePlan.CarePlanActivityStatus.NOTSTARTED : CarePlan.CarePlanActivityStatus.INPROGRESS);
            detail.getCode().setText("Diabetes education");
            detail.setScheduled(new Period().setStart(scenario.daysAgo(40)).setEnd(scenario.daysAgo(10)));
            addPlan(plan);
            if (overdue) {
                plant(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE, plan);
            }
        } else if (draw < 0.45) {
            Task task = dueTask(TaskStatus.INPROGRESS, scenario.daysAgo(5), "Arrange home oxygen");
            add(task, "plantask");
            CarePlan plan = ScenarioGenerator.carePlan(primaryCare, current);
            plan.addActivity().setReference(ref(task));
            addPlan(plan);
            plant(CareGapRule.TASK_OVERDUE, task);
            plant(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE, plan, task);
        } else if (draw < 0.55) {
            CarePlan unreviewed = ScenarioGenerator.carePlan(
                    primaryCare, new Period().setStart(scenario.daysAgo(400)).setEnd(scenario.daysAgo(10)));
            addPlan(unreviewed);
            plant(CareGapRule.CAREPLAN_REVIEW_OVERDUE, unreviewed);
        } else if (draw < 0.65) {
            CarePlan ended = ScenarioGenerator.carePlan(
                    primaryCare, new Period().setStart(scenario.daysAgo(400)).setEnd(scenario.daysAgo(10)));
            ended.setStatus(CarePlan.CarePlanStatus.COMPLETED);
            addPlan(ended);
        } else if (draw < 0.75) {
            CarePlan primary = ScenarioGenerator.carePlan(primaryCare, current);
            CarePlan cardiology = ScenarioGenerator.carePlan(practitioner(Role.CARDIOLOGIST), current);
            addPlan(primary);
            addPlan(cardiology);
            plant(CareGapRule.FRAGMENTED_CARE_PLANS, primary, cardiology);
        } else if (draw < 0.85) {
            CareTeam shared = ScenarioGenerator.careTeam(CareTeam.CareTeamStatus.ACTIVE);
            shared.setSubject(patient).setName("Heart failure team");
            member(shared, primaryCare, Role.PRIMARY_CARE);
            member(shared, practitioner(Role.CARDIOLOGIST), Role.CARDIOLOGIST);
            add(shared, "planteam");
            addPlan(ScenarioGenerator.carePlan(primaryCare, current).addCareTeam(ref(shared)));
            addPlan(ScenarioGenerator.carePlan(practitioner(Role.CARDIOLOGIST), current)
                    .addCareTeam(ref(shared)));
        } else {
            CarePlan first = ScenarioGenerator.carePlan(primaryCare, current);
            addPlan(first);
            addPlan(ScenarioGenerator.carePlan(practitioner(Role.ENDOCRINOLOGIST), current)
                    .addBasedOn(ref(first)));
        }
    }

    /** PHQ-9 screens: positive and forgotten (a gap), re-screened, referred, negative, not yet due, or long past. */
    void phq9() {
        double draw = random.nextDouble();
        if (draw < 0.40) {
            return;
        }
        double days = draw >= 0.85 && draw < 0.90 ? 20 : draw >= 0.90 ? 120 : 45;
        int score = draw >= 0.75 && draw < 0.85 ? 5 : 15;
        Observation screen = screen(days, score);
        add(screen, "phq");
        if (draw < 0.55) {
            plant(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING, screen);
        } else if (draw < 0.65) {
            add(screen(25, 12), "phq");
        } else if (draw < 0.75) {
            ServiceRequest referral =
                    ScenarioGenerator.referral(scenario.daysAgo(44), ServiceRequest.ServiceRequestStatus.COMPLETED);
            referral.setSubject(patient).setRequester(primaryCare);
            referral.addReasonCode(snomed("35489007", "Depressive disorder"));
            add(referral, "bhreferral");
        }
    }

    /** HbA1c: none, 200, 179 or 30 days old. Only an active diabetes makes a missing or old result a gap. */
    void hba1c() {
        double draw = random.nextDouble();
        double days = draw < 0.30 ? -1 : draw < 0.50 ? 200 : draw < 0.70 ? 179 : 30;
        List<Resource> evidence = new ArrayList<>(diabetes);
        if (days > 0) {
            Observation result =
                    ScenarioGenerator.loinc("4548-4", "Hemoglobin A1c", 6.5 + random.nextInt(30) / 10.0, "%");
            result.setSubject(patient).setEffective(new DateTimeType(scenario.daysAgo(days)));
            add(result, "hba1c");
            evidence.add(result);
        }
        if (!diabetes.isEmpty() && (days < 0 || days > 180)) {
            plant(CareGapRule.HBA1C_OVERDUE, evidence.toArray(Resource[]::new));
        }
    }

    /** An inpatient stay: followed up in time, late, not at all (gaps), not yet due, or too long ago to act on. */
    void inpatientStay() {
        double draw = random.nextDouble();
        if (draw < 0.55) {
            return;
        }
        double discharged = draw >= 0.85 && draw < 0.93 ? 3 : draw >= 0.93 ? 150 : 20;
        Encounter stay = ScenarioGenerator.encounter(
                "IMP", new Period().setStart(scenario.daysAgo(discharged + 4)).setEnd(scenario.daysAgo(discharged)));
        stay.setSubject(patient);
        add(stay, "stay");
        if (draw < 0.67 || draw >= 0.93) {
            if (discharged == 20) {
                plant(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING, stay);
            }
        } else if (draw < 0.79) {
            visit(random.nextBoolean() ? "AMB" : "VR", discharged - 3);
        } else if (draw < 0.85) {
            visit("HH", discharged - 10);
            plant(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING, stay);
        }
    }

    /** A visit two months ago, as most patients have; no rule looks that far for a follow-up. */
    void routineVisit() {
        visit("AMB", 60);
    }

    /**
     * Medication orders from two prescribers (G11): simvastatin from primary care with the cardiologist's
     * clarithromycin (a conflict of the ONC list, a gap), pravastatin with amoxicillin (no conflict), or the same pair
     * once the clarithromycin course is completed (no conflict). No other rule reads medications, and no drug-disease
     * entry names either drug, so nothing else opens or closes.
     */
    void conflictingOrders() {
        double draw = random.nextDouble();
        if (draw < 0.80) {
            return;
        }
        boolean control = draw >= 0.90 && draw < 0.95;
        MedicationRequest statin =
                order(control ? "42463" : "36567", control ? "pravastatin" : "simvastatin", primaryCare, 30);
        MedicationRequest antibiotic = order(
                control ? "723" : "21212",
                control ? "amoxicillin" : "clarithromycin",
                practitioner(Role.CARDIOLOGIST),
                10);
        if (draw >= 0.95) {
            antibiotic.setStatus(MedicationRequest.MedicationRequestStatus.COMPLETED);
        } else if (!control) {
            plant(CareGapRule.CONFLICTING_PLANS, statin, antibiotic);
        }
    }

    private MedicationRequest order(String rxnorm, String name, Reference requester, double daysAgo) {
        MedicationRequest order = new MedicationRequest()
                .setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", rxnorm, name))
                .setText(name));
        order.setSubject(patient).setRequester(requester);
        order.setAuthoredOnElement(new DateTimeType(scenario.daysAgo(daysAgo)));
        add(order, "med");
        return order;
    }

    boolean stillHelpable() {
        return helpable;
    }

    List<PlannedGap> planted() {
        List<PlannedGap> gaps = new ArrayList<>(planted);
        if (activeChronic.size() >= 2 && !coordinator) {
            gaps.add(gap(CareGapRule.NO_CARE_COORDINATOR, activeChronic.toArray(Resource[]::new)));
        }
        return gaps;
    }

    List<Resource> resources() {
        return resources;
    }

    private void visit(String classCode, double daysAgo) {
        Encounter visit = ScenarioGenerator.encounter(
                classCode, new Period().setStart(scenario.daysAgo(daysAgo)).setEnd(scenario.daysAgo(daysAgo)));
        visit.setSubject(patient);
        add(visit, "visit");
    }

    private Observation screen(double daysAgo, int score) {
        Observation screen = ScenarioGenerator.loinc("44261-6", "PHQ-9 total score", score, "{score}");
        screen.setSubject(patient).setEffective(new DateTimeType(scenario.daysAgo(daysAgo)));
        return screen;
    }

    private Task dueTask(TaskStatus status, java.util.Date due, String description) {
        Task task = ScenarioGenerator.task(status, scenario.daysAgo(20));
        task.getCode().setText("Follow-up");
        task.setDescription(description).setFor(patient).setOwner(primaryCare);
        task.getRestriction().setPeriod(new Period().setEnd(due));
        return task;
    }

    private void addPlan(CarePlan plan) {
        plan.setSubject(patient);
        plan.setTitle("Care plan");
        if (!plan.hasCreated()) {
            plan.setCreated(plan.getPeriod().getStart());
        }
        add(plan, "plan");
    }

    private void member(CareTeam team, Reference who, Role role) {
        team.addParticipant().setMember(who).addRole(snomed(roleCode(role), role.display));
    }

    private static String roleCode(Role role) {
        return switch (role) {
            case PRIMARY_CARE -> "446050000";
            case CARDIOLOGIST -> "17561000";
            case PSYCHIATRIST -> "80584001";
            case ENDOCRINOLOGIST -> "61894003";
            case COORDINATOR -> "768730001";
        };
    }

    private Reference practitioner(Role role) {
        return new Reference("Practitioner/" + scenario.practitionerId(role, random.nextInt(2)));
    }

    private void plant(CareGapRule rule, Resource... evidence) {
        planted.add(gap(rule, evidence));
    }

    private PlannedGap gap(CareGapRule rule, Resource... evidence) {
        Set<String> ids = new TreeSet<>();
        for (Resource resource : evidence) {
            ids.add(resource.getIdElement().toUnqualifiedVersionless().getValue());
        }
        return new PlannedGap(patientId, rule, ids);
    }

    private void add(Resource resource, String kind) {
        resource.setId(resource.fhirType() + "/" + patientId + "-" + kind + (++sequence));
        resources.add(resource);
    }
}
