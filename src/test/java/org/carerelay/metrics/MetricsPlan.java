package org.carerelay.metrics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * A generated practice for the coordination metrics: a plan of referrals, handoffs and inpatient stays (what happened,
 * on which day, with which outcome), and the resources that record it. The tests work their expected figures out from
 * the plan, never from the resources.
 */
final class MetricsPlan {

    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String HANDOFF_TYPE = "https://carerelay.org/fhir/CodeSystem/handoff-type";
    static final LocalDate ORIGIN = LocalDate.of(2025, 12, 10);

    enum Outcome {
        NONE,
        ENCOUNTER,
        OBSERVATION,
        TASK,
        CANCELLED_ENCOUNTER
    }

    record Referral(
            String id,
            String patient,
            LocalDate authored,
            String status,
            String performer,
            Outcome outcome,
            int after) {}

    record Handoff(String id, String patient, Instant authored, String status, String owner, Integer ackHours) {}

    record Stay(
            String id,
            String patient,
            LocalDate discharged,
            int days,
            boolean died,
            Integer followUpAfter,
            boolean cancelled) {}

    /** A diagnosis of type 2 diabetes, SNOMED CT or ICD-10-CM coded, perhaps refuted. */
    record Diabetes(String id, String patient, boolean icd10, boolean refuted) {}

    /** A lab result or score: HbA1c (%) or PHQ-9 total, perhaps entered in error. */
    record Result(String id, String patient, String loinc, LocalDate day, BigDecimal value, boolean valid) {}

    record Visit(String id, String patient, LocalDate day, boolean happened) {}

    record Booking(String id, String patient, LocalDate day, String status) {}

    record Charge(String id, String patient, LocalDate day, BigDecimal amount, String currency, boolean answered) {}

    final String prefix;
    final List<String> patients = new ArrayList<>();
    final List<String> practitioners = new ArrayList<>();
    final List<Referral> referrals = new ArrayList<>();
    final List<Handoff> handoffs = new ArrayList<>();
    final List<Stay> stays = new ArrayList<>();
    final List<Diabetes> diabetes = new ArrayList<>();
    final List<Result> results = new ArrayList<>();
    final List<Visit> emergencies = new ArrayList<>();
    final List<Booking> bookings = new ArrayList<>();
    final List<Charge> charges = new ArrayList<>();
    final List<Resource> resources = new ArrayList<>();

    MetricsPlan(String prefix, long seed, int patientCount) {
        this.prefix = prefix;
        Random random = new Random(seed);
        for (String org : List.of("a", "b")) {
            Organization organization = new Organization().setName("Clinic " + org);
            organization.setId(prefix + "-org-" + org);
            resources.add(organization);
        }
        for (int d = 0; d < 3; d++) {
            Practitioner practitioner = new Practitioner();
            practitioner.setId(prefix + "-dr-" + d);
            practitioners.add("Practitioner/" + practitioner.getIdPart());
            resources.add(practitioner);
        }
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.setId(prefix + "-all");
        for (int p = 0; p < patientCount; p++) {
            String id = prefix + "-p" + p;
            Patient patient = new Patient().setManagingOrganization(new Reference(organization(p)));
            patient.setId(id);
            resources.add(patient);
            patients.add("Patient/" + id);
            group.addMember().setEntity(new Reference("Patient/" + id));
            plan(p, "Patient/" + id, random);
        }
        resources.add(group);
    }

    /** The managing organization of a planned patient ({@code Patient/<prefix>-p<n>}). */
    String organizationOf(String patient) {
        return organization(patients.indexOf(patient));
    }

    String organization(int p) {
        return "Organization/" + prefix + "-org-" + (p % 2 == 0 ? "a" : "b");
    }

    private void plan(int p, String patient, Random random) {
        int referralCount = random.nextInt(3);
        for (int r = 0; r < referralCount; r++) {
            String[] statuses = {"active", "active", "completed", "completed", "revoked", "entered-in-error"};
            Referral referral = new Referral(
                    prefix + "-sr" + p + "x" + r,
                    patient,
                    ORIGIN.plusDays(random.nextInt(125)),
                    statuses[random.nextInt(statuses.length)],
                    random.nextInt(4) == 0 ? null : practitioners.get(random.nextInt(3)),
                    Outcome.values()[random.nextInt(Outcome.values().length)],
                    random.nextInt(40));
            referrals.add(referral);
            resources.addAll(referral(referral));
        }
        int handoffCount = random.nextInt(3);
        for (int h = 0; h < handoffCount; h++) {
            String[] statuses = {
                "requested", "accepted", "in-progress", "completed", "rejected", "draft", "entered-in-error"
            };
            String status = statuses[random.nextInt(statuses.length)];
            Handoff handoff = new Handoff(
                    prefix + "-t" + p + "x" + h,
                    patient,
                    ORIGIN.atStartOfDay(java.time.ZoneOffset.UTC)
                            .toInstant()
                            .plus(random.nextInt(125 * 24), ChronoUnit.HOURS),
                    status,
                    random.nextInt(5) == 0 ? null : practitioners.get(random.nextInt(3)),
                    random.nextInt(4) == 0 ? null : 1 + random.nextInt(120));
            handoffs.add(handoff);
            resources.addAll(handoff(handoff));
        }
        Stay stay = null;
        if (random.nextInt(3) > 0) {
            stay = new Stay(
                    prefix + "-e" + p,
                    patient,
                    ORIGIN.plusDays(random.nextInt(125)),
                    3,
                    random.nextInt(8) == 0,
                    random.nextInt(4) == 0 ? null : random.nextInt(13),
                    random.nextInt(6) == 0);
            stays.add(stay);
            resources.addAll(stay(stay));
        }
        planOutcomes(p, patient, stay, random);
        // A task that is no handoff, authored in the period: counted by no metric.
        Task other = new Task()
                .setStatus(Task.TaskStatus.REQUESTED)
                .setIntent(Task.TaskIntent.ORDER)
                .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "approve", null)))
                .setFor(new Reference(patient))
                .setAuthoredOnElement(new DateTimeType("2026-02-01T09:00:00Z"));
        other.setId(prefix + "-other" + p);
        resources.add(other);
    }

    /** The Outcomes and Operations-and-cost families' records; drawn after the others, so those stay as they were. */
    private void planOutcomes(int p, String patient, Stay stay, Random random) {
        if (stay != null && !stay.died() && random.nextInt(3) == 0) {
            // a readmission: another stay starting 1 to 45 days after the discharge, of 0 to 4 days
            int days = random.nextInt(5);
            Stay again = new Stay(
                    stay.id() + "-re",
                    patient,
                    stay.discharged().plusDays(1 + random.nextInt(45) + days),
                    days,
                    false,
                    null,
                    false);
            stays.add(again);
            resources.addAll(stay(again));
        }
        if (random.nextInt(3) == 0) {
            Diabetes diagnosis = new Diabetes(prefix + "-dm" + p, patient, p % 2 == 0, random.nextInt(6) == 0);
            diabetes.add(diagnosis);
            resources.add(diabetes(diagnosis));
        }
        int labs = random.nextInt(3);
        for (int l = 0; l < labs; l++) {
            addResult(new Result(
                    prefix + "-a1c" + p + "x" + l,
                    patient,
                    "4548-4",
                    ORIGIN.plusDays(random.nextInt(125)),
                    BigDecimal.valueOf(50 + random.nextInt(60), 1),
                    random.nextInt(8) > 0));
        }
        if (random.nextInt(2) == 0) {
            LocalDate index = ORIGIN.plusDays(random.nextInt(125));
            addResult(new Result(
                    prefix + "-phq" + p + "a",
                    patient,
                    "44261-6",
                    index,
                    BigDecimal.valueOf(6 + random.nextInt(19)),
                    random.nextInt(8) > 0));
            int followUps = random.nextInt(3);
            for (int f = 0; f < followUps; f++) {
                addResult(new Result(
                        prefix + "-phq" + p + "f" + f,
                        patient,
                        "44261-6",
                        index.plusMonths(6).plusDays(random.nextInt(181) - 90),
                        BigDecimal.valueOf(random.nextInt(20)),
                        random.nextInt(8) > 0));
            }
        }
        int emergencies = random.nextInt(3);
        for (int v = 0; v < emergencies; v++) {
            Visit visit = new Visit(
                    prefix + "-er" + p + "x" + v, patient, ORIGIN.plusDays(random.nextInt(125)), random.nextInt(5) > 0);
            this.emergencies.add(visit);
            resources.add(emergency(visit));
        }
        int appointments = random.nextInt(3);
        for (int a = 0; a < appointments; a++) {
            String[] statuses = {"booked", "fulfilled", "fulfilled", "noshow", "noshow", "cancelled", "proposed"};
            Booking booking = new Booking(
                    prefix + "-ap" + p + "x" + a,
                    patient,
                    ORIGIN.plusDays(random.nextInt(125)),
                    statuses[random.nextInt(statuses.length)]);
            bookings.add(booking);
            resources.add(appointment(booking));
        }
        int claims = random.nextInt(3);
        for (int c = 0; c < claims; c++) {
            Charge charge = new Charge(
                    prefix + "-cl" + p + "x" + c,
                    patient,
                    ORIGIN.plusDays(random.nextInt(125)),
                    BigDecimal.valueOf(10_000 + random.nextInt(190_000), 2),
                    random.nextInt(10) == 0 ? "EUR" : "USD",
                    random.nextBoolean());
            charges.add(charge);
            resources.addAll(charge(charge));
        }
    }

    private void addResult(Result result) {
        results.add(result);
        Observation observation = new Observation()
                .setStatus(
                        result.valid()
                                ? Observation.ObservationStatus.FINAL
                                : Observation.ObservationStatus.ENTEREDINERROR)
                .setCode(new CodeableConcept(new Coding("http://loinc.org", result.loinc(), null)))
                .setSubject(new Reference(result.patient()))
                .setEffective(new DateTimeType(result.day() + "T10:00:00Z"));
        if (result.loinc().equals("4548-4")) {
            observation.setValue(new Quantity().setValue(result.value()).setUnit("%"));
        } else {
            // PHQ-9 totals as EHRs send them, both ways
            observation.setValue(
                    result.value().intValue() % 2 == 0
                            ? new IntegerType(result.value().intValue())
                            : new Quantity().setValue(result.value()).setUnit("{score}"));
        }
        observation.setId(result.id());
        resources.add(observation);
    }

    private Condition diabetes(Diabetes plan) {
        Condition condition = new Condition()
                .setSubject(new Reference(plan.patient()))
                .setClinicalStatus(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
                .setVerificationStatus(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                        plan.refuted() ? "refuted" : "confirmed",
                        null)))
                .setCode(new CodeableConcept(
                        plan.icd10()
                                ? new Coding("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", null)
                                : new Coding("http://snomed.info/sct", "44054006", null)))
                .setOnset(new DateTimeType("2020-05-01"));
        condition.setId(plan.id());
        return condition;
    }

    private Encounter emergency(Visit plan) {
        Encounter visit = new Encounter()
                .setStatus(plan.happened() ? Encounter.EncounterStatus.FINISHED : Encounter.EncounterStatus.CANCELLED)
                .setClass_(new Coding(ACT_CODE, "EMER", null))
                .setSubject(new Reference(plan.patient()));
        visit.getPeriod()
                .setStartElement(new DateTimeType(plan.day() + "T03:00:00Z"))
                .setEndElement(new DateTimeType(plan.day() + "T07:00:00Z"));
        visit.setId(plan.id());
        return visit;
    }

    private Appointment appointment(Booking plan) {
        Appointment appointment = new Appointment()
                .setStatus(Appointment.AppointmentStatus.fromCode(plan.status()))
                .setStart(Date.from(plan.day().atTime(14, 0).toInstant(java.time.ZoneOffset.UTC)))
                .setEnd(Date.from(plan.day().atTime(14, 30).toInstant(java.time.ZoneOffset.UTC)));
        appointment
                .addParticipant()
                .setActor(new Reference(plan.patient()))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        appointment
                .addParticipant()
                .setActor(new Reference(practitioners.get(0)))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        appointment.setId(plan.id());
        return appointment;
    }

    private List<Resource> charge(Charge plan) {
        List<Resource> written = new ArrayList<>();
        Claim claim = new Claim()
                .setStatus(Claim.ClaimStatus.ACTIVE)
                .setUse(Claim.Use.CLAIM)
                .setPatient(new Reference(plan.patient()))
                .setCreatedElement(new DateTimeType(plan.day() + "T16:00:00Z"))
                .setProvider(new Reference(organization(0)))
                .setPriority(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/processpriority", "normal", null)))
                .setType(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional", null)))
                .setTotal(new Money().setValue(plan.amount()).setCurrency(plan.currency()));
        claim.addInsurance().setSequence(1).setFocal(true).setCoverage(new Reference().setDisplay("Cash"));
        claim.setId(plan.id());
        written.add(claim);
        if (plan.answered()) {
            ExplanationOfBenefit benefit = new ExplanationOfBenefit()
                    .setStatus(ExplanationOfBenefit.ExplanationOfBenefitStatus.ACTIVE)
                    .setUse(ExplanationOfBenefit.Use.CLAIM)
                    .setPatient(new Reference(plan.patient()))
                    .setCreatedElement(new DateTimeType(plan.day() + "T16:00:00Z"))
                    .setClaim(new Reference("Claim/" + plan.id()))
                    .setOutcome(ExplanationOfBenefit.RemittanceOutcome.COMPLETE)
                    .setType(claim.getType())
                    .setProvider(claim.getProvider())
                    .setInsurer(new Reference().setDisplay("Cash"));
            benefit.addInsurance().setFocal(true).setCoverage(new Reference().setDisplay("Cash"));
            benefit.addTotal()
                    .setCategory(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/adjudication", "submitted", "Submitted Amount")))
                    .setAmount(new Money().setValue(plan.amount()).setCurrency(plan.currency()));
            benefit.setId(plan.id() + "-eob");
            written.add(benefit);
        }
        return written;
    }

    private List<Resource> referral(Referral plan) {
        List<Resource> written = new ArrayList<>();
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.fromCode(plan.status()))
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setSubject(new Reference(plan.patient()))
                .setAuthoredOnElement(new DateTimeType(plan.authored().toString()));
        request.setId(plan.id());
        if (plan.performer() != null) {
            request.addPerformer(new Reference(plan.performer()));
        }
        written.add(request);
        String day = plan.authored().plusDays(plan.after()).toString();
        Reference basedOn = new Reference("ServiceRequest/" + plan.id());
        Reference subject = new Reference(plan.patient());
        switch (plan.outcome()) {
            case ENCOUNTER, CANCELLED_ENCOUNTER -> {
                Encounter visit = new Encounter()
                        .setStatus(
                                plan.outcome() == Outcome.ENCOUNTER
                                        ? Encounter.EncounterStatus.FINISHED
                                        : Encounter.EncounterStatus.CANCELLED)
                        .setClass_(new Coding(ACT_CODE, "AMB", null))
                        .setSubject(subject);
                visit.addBasedOn(basedOn);
                visit.getPeriod().setStartElement(new DateTimeType(day));
                visit.setId(plan.id() + "-out");
                written.add(visit);
            }
            case OBSERVATION -> {
                Observation result = new Observation()
                        .setStatus(Observation.ObservationStatus.FINAL)
                        .setCode(new CodeableConcept(new Coding("http://loinc.org", "11502-2", null)))
                        .setSubject(subject)
                        .setEffective(new DateTimeType(day));
                result.addBasedOn(basedOn);
                result.setId(plan.id() + "-out");
                written.add(result);
            }
            case TASK -> {
                Task done = new Task()
                        .setStatus(Task.TaskStatus.COMPLETED)
                        .setIntent(Task.TaskIntent.ORDER)
                        .setFocus(basedOn)
                        .setFor(subject);
                done.getExecutionPeriod().setEndElement(new DateTimeType(day + "T12:00:00Z"));
                done.setId(plan.id() + "-out");
                written.add(done);
            }
            case NONE -> {}
        }
        return written;
    }

    private List<Resource> handoff(Handoff plan) {
        List<Resource> written = new ArrayList<>();
        Task task = new Task()
                .setStatus(Task.TaskStatus.fromCode(plan.status()))
                .setIntent(Task.TaskIntent.ORDER)
                .setCode(new CodeableConcept(new Coding(HANDOFF_TYPE, "referral", null)))
                .setFor(new Reference(plan.patient()))
                .setRequester(new Reference(practitioners.get(0)))
                .setAuthoredOnElement(new DateTimeType(plan.authored().toString()));
        if (plan.owner() != null) {
            task.setOwner(new Reference(plan.owner()));
        }
        task.setId(plan.id());
        written.add(task);
        if (plan.ackHours() != null) {
            Provenance provenance = new Provenance();
            provenance.addTarget(new Reference("Task/" + plan.id()));
            provenance.setRecorded(Date.from(plan.authored().plus(plan.ackHours(), ChronoUnit.HOURS)));
            provenance.getActivity().addCoding(new Coding("http://hl7.org/fhir/task-status", "accepted", null));
            provenance.addAgent().setWho(new Reference(plan.owner() != null ? plan.owner() : practitioners.get(1)));
            provenance.setId(plan.id() + "-ack");
            written.add(provenance);
        }
        return written;
    }

    private List<Resource> stay(Stay plan) {
        List<Resource> written = new ArrayList<>();
        Encounter stay = new Encounter()
                .setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding(ACT_CODE, "IMP", null))
                .setSubject(new Reference(plan.patient()));
        stay.getPeriod()
                .setStartElement(new DateTimeType(
                        plan.discharged().minusDays(plan.days()).toString()))
                .setEndElement(new DateTimeType(plan.discharged().toString()));
        if (plan.died()) {
            stay.getHospitalization()
                    .setDischargeDisposition(new CodeableConcept(
                            new Coding("http://terminology.hl7.org/CodeSystem/discharge-disposition", "exp", null)));
        }
        stay.setId(plan.id());
        written.add(stay);
        if (plan.followUpAfter() != null) {
            Encounter visit = new Encounter()
                    .setStatus(
                            plan.cancelled() ? Encounter.EncounterStatus.CANCELLED : Encounter.EncounterStatus.FINISHED)
                    .setClass_(new Coding(ACT_CODE, "AMB", null))
                    .setSubject(new Reference(plan.patient()));
            visit.getPeriod()
                    .setStartElement(new DateTimeType(
                            plan.discharged().plusDays(plan.followUpAfter()).toString()));
            visit.setId(plan.id() + "-fu");
            written.add(visit);
        }
        return written;
    }

    /** The plan's resources as transactions of PUTs (client-assigned ids), about 200 entries each. */
    List<Bundle> transactions() {
        List<Bundle> bundles = new ArrayList<>();
        Bundle bundle = null;
        for (Resource resource : resources) {
            if (bundle == null || bundle.getEntry().size() >= 200) {
                bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                bundles.add(bundle);
            }
            String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            bundle.addEntry()
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl(url);
        }
        return bundles;
    }
}
