package org.carerelay.caregap.scenario;

import static org.carerelay.caregap.scenario.ScenarioGenerator.ref;
import static org.carerelay.caregap.scenario.ScenarioGenerator.snomed;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlantedPatient;
import org.carerelay.caregap.scenario.ScenarioGenerator.Role;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A Synthea-sized history around a generated patient's coordination record: ten years of visits about every five
 * months, each with vital signs, a claim and its explanation of benefit; lab panels with their reports at every
 * other visit; yearly influenza vaccines; past acute conditions, procedures, antibiotic courses and completed care
 * plans. 328 resources a patient, about as many as a Synthea chart holds (about 260 in {@code ../shared/data}).
 *
 * <p>The history leaves the planted gaps as they are ({@code SyntheaDensityTest}): its observations are never PHQ-9 or
 * HbA1c, its conditions are resolved and none is chronic, its care plans are completed, its requests stopped, nothing
 * is {@code basedOn} a request, and no visit falls within the follow-up window of an inpatient stay of the record.
 * Patient {@code n} gets the same history on every run, from a random stream of its own.
 */
final class SyntheaDensity {

    /** The encounter classes of an inpatient stay, as the post-discharge rule reads them. */
    static final Set<String> INPATIENT = Set.of("IMP", "ACUTE", "NONAC");

    static final int VISITS = 24;
    static final int DAYS_BETWEEN_VISITS = 150;

    /** Vital signs taken at every visit: LOINC code, display, low, spread, unit. */
    private static final Object[][] VITALS = {
        {"8302-2", "Body Height", 150.0, 40.0, "cm"},
        {"29463-7", "Body Weight", 55.0, 50.0, "kg"},
        {"39156-5", "Body mass index (BMI) [Ratio]", 19.0, 14.0, "kg/m2"},
        {"8480-6", "Systolic blood pressure", 105.0, 45.0, "mm[Hg]"},
        {"8462-4", "Diastolic blood pressure", 65.0, 30.0, "mm[Hg]"},
        {"8867-4", "Heart rate", 55.0, 45.0, "/min"}
    };

    /** A basic metabolic panel, drawn at every other visit. */
    private static final Object[][] LABS = {
        {"2339-0", "Glucose [Mass/volume] in Blood", 70.0, 60.0, "mg/dL"},
        {"38483-4", "Creatinine [Mass/volume] in Blood", 0.6, 0.8, "mg/dL"},
        {"2947-0", "Sodium [Moles/volume] in Blood", 135.0, 10.0, "mmol/L"},
        {"6298-4", "Potassium [Moles/volume] in Blood", 3.5, 1.5, "mmol/L"},
        {"2069-3", "Chloride [Moles/volume] in Blood", 96.0, 12.0, "mmol/L"},
        {"20565-8", "Carbon dioxide, total [Moles/volume] in Blood", 20.0, 10.0, "mmol/L"}
    };

    /** Past acute conditions, all resolved: SNOMED CT code and display. */
    private static final String[][] ACUTE = {
        {"444814009", "Viral sinusitis (disorder)"},
        {"10509002", "Acute bronchitis (disorder)"},
        {"195662009", "Acute viral pharyngitis (disorder)"},
        {"43878008", "Streptococcal sore throat (disorder)"}
    };

    private final ScenarioGenerator scenario;
    private final long seed;

    SyntheaDensity(ScenarioGenerator scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
    }

    /** The patient with its history added after its own resources; the planted gaps are the same. */
    PlantedPatient around(PlantedPatient planted, int n) {
        History history = new History(planted, new Random(seed * 7_000_003L + n + 1));
        history.write();
        List<Resource> resources = new ArrayList<>(planted.resources());
        resources.addAll(history.resources);
        return new PlantedPatient(planted.patientId(), resources, planted.planned());
    }

    private final class History {

        final PlantedPatient planted;
        final Random random;
        final Reference patient;
        final Reference doctor;
        final Reference practice;
        final List<Date> discharges = new ArrayList<>();
        final List<Resource> resources = new ArrayList<>();
        int sequence;

        History(PlantedPatient planted, Random random) {
            this.planted = planted;
            this.random = random;
            this.patient = new Reference("Patient/" + planted.patientId());
            this.doctor = new Reference("Practitioner/" + scenario.practitionerId(Role.PRIMARY_CARE, 0));
            this.practice = new Reference("Organization/" + scenario.organization(0));
            for (Resource resource : planted.resources()) {
                if (resource instanceof Encounter stay
                        && INPATIENT.contains(stay.getClass_().getCode())
                        && stay.getPeriod().hasEnd()) {
                    discharges.add(stay.getPeriod().getEnd());
                }
            }
        }

        void write() {
            for (int visit = 0; visit < VISITS; visit++) {
                Encounter encounter = visit(
                        clearOfDischarges(12 + visit * DAYS_BETWEEN_VISITS + random.nextInt(DAYS_BETWEEN_VISITS / 5)));
                Date when = encounter.getPeriod().getStart();
                for (Object[] vital : VITALS) {
                    add(measurement(vital, when, encounter, "vital-signs"));
                }
                if (visit % 2 == 0) {
                    DiagnosticReport panel = new DiagnosticReport()
                            .setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL)
                            .setCode(loinc("51990-0", "Basic metabolic panel - Blood"))
                            .setSubject(patient)
                            .setEncounter(ref(encounter))
                            .setEffective(new DateTimeType(when))
                            .setIssued(when);
                    for (Object[] lab : LABS) {
                        panel.addResult(ref(add(measurement(lab, when, encounter, "laboratory"))));
                    }
                    add(panel);
                }
                if (visit % 2 == 1) {
                    add(influenzaVaccine(encounter, when));
                }
                claims(encounter, when);
            }
            for (int k = 0; k < ACUTE.length; k++) {
                Date onset = scenario.daysAgo(400 + k * 700 + random.nextInt(200));
                Condition condition = ScenarioGenerator.condition(ACUTE[k][0], ACUTE[k][1], false);
                condition.setSubject(patient).setOnset(new DateTimeType(onset));
                condition.setAbatement(new DateTimeType(plusDays(onset, 14)));
                add(condition);
                add(antibioticCourse(condition, onset));
                add(completedPlan(condition, onset));
                add(procedure(onset));
            }
        }

        /** A visit {@code daysAgo}, of class AMB, about an hour long, with the primary-care physician. */
        Encounter visit(double daysAgo) {
            Date start = scenario.daysAgo(daysAgo);
            Encounter encounter = ScenarioGenerator.encounter(
                    "AMB", new Period().setStart(start).setEnd(plusMinutes(start, 45)));
            encounter.setSubject(patient).setServiceProvider(practice);
            encounter.addType(snomed("185349003", "Encounter for check up (procedure)"));
            encounter.addParticipant().setIndividual(doctor);
            return add(encounter);
        }

        /**
         * Days ago, moved before the stay until no visit on that day could count as a stay's follow-up (7 days after
         * the discharge, with a margin of two days on each side).
         */
        double clearOfDischarges(double daysAgo) {
            double day = daysAgo;
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Date discharge : discharges) {
                    double dischargedDaysAgo = (scenario.daysAgo(0).getTime() - discharge.getTime()) / 86_400_000.0;
                    if (day <= dischargedDaysAgo + 1 && day >= dischargedDaysAgo - 9) {
                        day = dischargedDaysAgo + 10;
                        moved = true;
                    }
                }
            }
            return day;
        }

        Observation measurement(Object[] kind, Date when, Encounter encounter, String category) {
            double low = (Double) kind[2];
            double spread = (Double) kind[3];
            double value = Math.round((low + random.nextDouble() * spread) * 10) / 10.0;
            Observation observation =
                    ScenarioGenerator.loinc((String) kind[0], (String) kind[1], value, (String) kind[4]);
            observation.addCategory(new CodeableConcept(
                    new Coding("http://terminology.hl7.org/CodeSystem/observation-category", category, null)));
            observation.setSubject(patient).setEncounter(ref(encounter));
            observation.setEffective(new DateTimeType(when)).setIssued(when);
            return observation;
        }

        Immunization influenzaVaccine(Encounter encounter, Date when) {
            Immunization vaccine = new Immunization().setStatus(Immunization.ImmunizationStatus.COMPLETED);
            vaccine.setVaccineCode(new CodeableConcept(new Coding(
                    "http://hl7.org/fhir/sid/cvx", "140", "Influenza, seasonal, injectable, preservative free")));
            vaccine.setPatient(patient).setEncounter(ref(encounter));
            vaccine.setOccurrence(new DateTimeType(when)).setPrimarySource(true);
            return vaccine;
        }

        /** The visit's claim and the payer's explanation of benefit, as Synthea writes one of each per encounter. */
        void claims(Encounter encounter, Date when) {
            Money charged = new Money()
                    .setValue(new BigDecimal(100 + random.nextInt(400)))
                    .setCurrency("USD");
            CodeableConcept professional = new CodeableConcept(
                    new Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional", null));
            Claim claim = new Claim()
                    .setStatus(Claim.ClaimStatus.ACTIVE)
                    .setType(professional)
                    .setUse(Claim.Use.CLAIM)
                    .setPatient(patient)
                    .setBillablePeriod(encounter.getPeriod().copy())
                    .setCreated(when)
                    .setProvider(practice)
                    .setPriority(new CodeableConcept(
                            new Coding("http://terminology.hl7.org/CodeSystem/processpriority", "normal", null)))
                    .setTotal(charged);
            claim.addInsurance().setSequence(1).setFocal(true).setCoverage(new Reference().setDisplay("Medicare"));
            claim.addItem()
                    .setSequence(1)
                    .setProductOrService(snomed("185349003", "Encounter for check up (procedure)"))
                    .addEncounter(ref(encounter));
            add(claim);
            ExplanationOfBenefit benefit = new ExplanationOfBenefit()
                    .setStatus(ExplanationOfBenefit.ExplanationOfBenefitStatus.ACTIVE)
                    .setType(professional)
                    .setUse(ExplanationOfBenefit.Use.CLAIM)
                    .setPatient(patient)
                    .setBillablePeriod(encounter.getPeriod().copy())
                    .setCreated(when)
                    .setInsurer(new Reference().setDisplay("Medicare"))
                    .setProvider(doctor)
                    .setClaim(ref(claim))
                    .setOutcome(ExplanationOfBenefit.RemittanceOutcome.COMPLETE);
            benefit.addInsurance().setFocal(true).setCoverage(new Reference().setDisplay("Medicare"));
            benefit.addItem()
                    .setSequence(1)
                    .setProductOrService(snomed("185349003", "Encounter for check up (procedure)"))
                    .addEncounter(ref(encounter));
            benefit.addTotal()
                    .setCategory(new CodeableConcept(
                            new Coding("http://terminology.hl7.org/CodeSystem/adjudication", "submitted", null)))
                    .setAmount(charged);
            add(benefit);
        }

        MedicationRequest antibioticCourse(Condition reason, Date onset) {
            MedicationRequest course = new MedicationRequest()
                    .setStatus(MedicationRequest.MedicationRequestStatus.STOPPED)
                    .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                    .setMedication(new CodeableConcept(new Coding(
                            "http://www.nlm.nih.gov/research/umls/rxnorm",
                            "308182",
                            "Amoxicillin 250 MG Oral Capsule")))
                    .setSubject(patient)
                    .setAuthoredOnElement(new DateTimeType(onset))
                    .setRequester(doctor);
            course.addReasonReference(ref(reason));
            return course;
        }

        CarePlan completedPlan(Condition reason, Date onset) {
            CarePlan plan = new CarePlan()
                    .setStatus(CarePlan.CarePlanStatus.COMPLETED)
                    .setIntent(CarePlan.CarePlanIntent.ORDER)
                    .setSubject(patient)
                    .setPeriod(new Period().setStart(onset).setEnd(plusDays(onset, 14)));
            plan.addCategory(snomed("53950000", "Respiratory therapy"));
            plan.addAddresses(ref(reason));
            plan.addActivity()
                    .getDetail()
                    .setStatus(CarePlan.CarePlanActivityStatus.COMPLETED)
                    .setCode(snomed("304510005", "Recommendation to avoid exercise"));
            return plan;
        }

        Procedure procedure(Date onset) {
            Procedure procedure = new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED);
            procedure.setCode(snomed("117015009", "Throat culture (procedure)"));
            procedure.setSubject(patient).setPerformed(new DateTimeType(onset));
            return procedure;
        }

        <T extends Resource> T add(T resource) {
            resource.setId(resource.fhirType() + "/" + planted.patientId() + "-h" + (++sequence));
            resources.add(resource);
            return resource;
        }

        CodeableConcept loinc(String code, String display) {
            return new CodeableConcept(new Coding(ScenarioGenerator.LOINC, code, display)).setText(display);
        }
    }

    private static Date plusDays(Date date, int days) {
        return new Date(date.getTime() + days * 86_400_000L);
    }

    private static Date plusMinutes(Date date, int minutes) {
        return new Date(date.getTime() + minutes * 60_000L);
    }
}
