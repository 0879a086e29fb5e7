package org.carerelay.worklist;

import static org.carerelay.testing.AbstractFhirIT.create;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.LocalDate;
import java.util.Date;
import java.util.Locale;
import java.util.Random;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * A coordinator's day, generated: a care coordinator with three patients in their panel, two handoffs waiting for
 * them (one handed to their PractitionerRole), one they accepted that is now overdue, one they sent that nobody accepted, and what makes exactly three care
 * gaps (a diabetic without HbA1c, two specialists' plans that ignore each other, two prescribers' orders that
 * interact, the overdue task). Names carry a
 * suffix of the run, so counts are exact on a server shared with other tests.
 */
final class WorklistScenario {

    static final String HANDOFF_TYPE = "https://carerelay.org/fhir/CodeSystem/handoff-type";
    static final String HANDOFF_PARAMETER = "https://carerelay.org/fhir/CodeSystem/handoff-parameter";

    static final int INCOMING = 2;
    static final int ACCEPTED = 1;
    static final int OUTGOING = 1;
    static final int OVERDUE = 1;
    static final int GAPS = 4;

    final String suffix;
    final String coordinator;
    final String cardiologist;
    final String endocrinologist;
    final String generalPractitioner;
    String ada;
    String ben;
    String cy;
    String adaReferral;
    String benReferral;
    String cyAccepted;
    String benOutgoing;
    String coordinatorRole;
    /** Cy's latest PHQ-9: what closes the loop of Cy's accepted referral. */
    String cyFollowUp;

    WorklistScenario(String coordinatorId) {
        this.suffix = letters(new Random(), 6);
        this.coordinator = "Practitioner/" + coordinatorId;
        this.cardiologist = "Practitioner/wl-" + suffix + "-cardio";
        this.endocrinologist = "Practitioner/wl-" + suffix + "-endo";
        this.generalPractitioner = "Practitioner/wl-" + suffix + "-gp";
    }

    /** Writes a coordinator's day to a running server: {@code WorklistScenario <fhir base> [coordinator id]}. */
    public static void main(String[] args) {
        ca.uhn.fhir.context.FhirContext fhir = ca.uhn.fhir.context.FhirContext.forR4Cached();
        fhir.getRestfulClientFactory()
                .setServerValidationMode(ca.uhn.fhir.rest.client.api.ServerValidationModeEnum.NEVER);
        String coordinator = args.length > 1 ? args[1] : "coordinator";
        WorklistScenario day = new WorklistScenario(coordinator).write(fhir.newRestfulGenericClient(args[0]));
        System.out.println("Practitioner/" + coordinator + " is " + day.coordinatorName() + ": " + INCOMING
                + " incoming handoffs, " + ACCEPTED + " accepted, " + OUTGOING + " sent, " + OVERDUE + " overdue, "
                + GAPS + " care gaps");
    }

    String coordinatorName() {
        return "Cora Lind" + suffix;
    }

    String cardiologistName() {
        return "Ravi Shah" + suffix;
    }

    String endocrinologistName() {
        return "Elena Ortiz" + suffix;
    }

    String patientName(String given) {
        return given + " Worklist" + suffix;
    }

    WorklistScenario write(IGenericClient client) {
        practitioner(client, coordinator, "Cora", "Lind" + suffix);
        practitioner(client, cardiologist, "Ravi", "Shah" + suffix);
        practitioner(client, endocrinologist, "Elena", "Ortiz" + suffix);
        practitioner(client, generalPractitioner, "Gus", "Berg" + suffix);
        ada = create(client, patient("Ada", "1961-04-02"));
        ben = create(client, patient("Ben", "1954-11-20"));
        cy = create(client, patient("Cy", "1979-06-15"));

        Condition diabetes = new Condition();
        diabetes.setSubject(new Reference(ada));
        diabetes.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
        diabetes.setVerificationStatus(
                concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"));
        diabetes.setCode(concept("http://snomed.info/sct", "44054006").setText("Type 2 diabetes"));
        diabetes.setOnset(new DateTimeType(LocalDate.now().minusYears(2).toString()));
        create(client, diabetes);
        CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setName("Ada's team");
        team.setSubject(new Reference(ada));
        team.addParticipant().setMember(new Reference(coordinator)).addRole().setText("care coordinator");
        create(client, team);

        plan(client, cardiologist, "Heart failure plan", "Start a beta blocker", 7);
        plan(client, endocrinologist, "Diabetes plan", "Titrate insulin", 3);
        // plans that contradict each other: Ben's cardiologist's simvastatin with his GP's clarithromycin
        order(client, cardiologist, "36567", "simvastatin");
        order(client, generalPractitioner, "21212", "clarithromycin");

        phq9(client, 16, 50);
        cyFollowUp = phq9(client, 9, 25);

        adaReferral = handoff(client, ada, generalPractitioner, coordinator, 5, Task.TaskStatus.REQUESTED);
        // handed to the coordinator's role rather than to the person: still on their worklist
        PractitionerRole role = new PractitionerRole().setActive(true);
        role.setPractitioner(new Reference(coordinator));
        role.addCode().setText("care coordinator");
        coordinatorRole = create(client, role);
        benReferral = handoff(client, ben, generalPractitioner, coordinatorRole, 2, Task.TaskStatus.REQUESTED);
        cyAccepted = handoff(client, cy, generalPractitioner, coordinator, -1, Task.TaskStatus.ACCEPTED);
        benOutgoing = handoff(client, ben, coordinator, cardiologist, 10, Task.TaskStatus.REQUESTED);
        return this;
    }

    /** One more handoff waiting for the coordinator, as a colleague sends it while the page is open. */
    String sendAnother(IGenericClient client) {
        return handoff(client, cy, generalPractitioner, coordinator, 3, Task.TaskStatus.REQUESTED);
    }

    private Patient patient(String given, String birthDate) {
        Patient patient = new Patient();
        patient.setActive(true);
        patient.addName(new HumanName().setFamily("Worklist" + suffix).addGiven(given));
        patient.setBirthDateElement(new DateType(birthDate));
        patient.setGender(AdministrativeGender.UNKNOWN);
        patient.addGeneralPractitioner(new Reference(coordinator));
        return patient;
    }

    private void order(IGenericClient client, String requester, String rxnorm, String name) {
        MedicationRequest order = new MedicationRequest()
                .setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setMedication(
                concept("http://www.nlm.nih.gov/research/umls/rxnorm", rxnorm).setText(name));
        order.setSubject(new Reference(ben));
        order.setRequester(new Reference(requester));
        order.setAuthoredOn(new Date());
        create(client, order);
    }

    private void plan(IGenericClient client, String author, String title, String activity, int inDays) {
        CarePlan plan = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setTitle(title);
        plan.setSubject(new Reference(ben));
        plan.setAuthor(new Reference(author));
        plan.setCreated(new Date());
        CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
        detail.setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED);
        detail.setCode(new CodeableConcept().setText(activity));
        detail.setScheduled(new Period()
                .setStartElement(
                        new DateTimeType(LocalDate.now().plusDays(inDays).toString()))
                .setEndElement(
                        new DateTimeType(LocalDate.now().plusDays(inDays + 7).toString())));
        create(client, plan);
    }

    private String phq9(IGenericClient client, int score, int daysAgo) {
        Observation phq9 = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        phq9.setCode(concept("http://loinc.org", "44261-6").setText("PHQ-9 total"));
        phq9.setSubject(new Reference(cy));
        phq9.setEffective(new DateTimeType(LocalDate.now().minusDays(daysAgo).toString()));
        phq9.setValue(new Quantity().setValue(score).setUnit("{score}"));
        return create(client, phq9);
    }

    private String handoff(
            IGenericClient client,
            String patient,
            String giver,
            String receiver,
            int dueInDays,
            Task.TaskStatus status) {
        ServiceRequest referral = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        referral.setSubject(new Reference(patient));
        referral.setRequester(new Reference(giver));
        referral.addPerformer(new Reference(receiver));
        referral.setAuthoredOn(new Date());
        referral.setCode(new CodeableConcept().setText("Care coordination referral"));
        String focus = create(client, referral);

        Task task = new Task().setStatus(status).setIntent(Task.TaskIntent.ORDER);
        task.setCode(concept(HANDOFF_TYPE, "referral"));
        task.setFor(new Reference(patient));
        task.setFocus(new Reference(focus));
        task.setRequester(new Reference(giver));
        task.setOwner(new Reference(receiver));
        task.setPriority(Task.TaskPriority.ROUTINE);
        task.setAuthoredOn(new Date());
        task.setReasonCode(new CodeableConcept().setText("Needs coordinated follow-up"));
        task.addNote().setText("If symptoms worsen, call the practice the same day");
        task.getRestriction()
                .setPeriod(new Period()
                        .setEndElement(new DateTimeType(
                                LocalDate.now().plusDays(dueInDays).toString())));
        if (status == Task.TaskStatus.ACCEPTED) {
            task.addOutput()
                    .setType(concept(HANDOFF_PARAMETER, "receiver-synthesis"))
                    .setValue(new StringType("Will see the patient this week"));
        }
        return create(client, task);
    }

    private static void practitioner(IGenericClient client, String reference, String given, String family) {
        Practitioner practitioner = new Practitioner();
        practitioner.setId(reference);
        practitioner.addName(new HumanName().setFamily(family).addGiven(given));
        client.update().resource(practitioner).execute();
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    private static String letters(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
