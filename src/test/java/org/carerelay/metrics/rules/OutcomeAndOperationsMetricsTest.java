package org.carerelay.metrics.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** The Outcomes and Operations-and-cost families on small records: what each resource counts as, and the scores. */
class OutcomeAndOperationsMetricsTest {

    static final org.carerelay.metrics.rules.Period JANUARY = new org.carerelay.metrics.rules.Period(
            LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31), ZoneId.of("America/New_York"));
    final OutcomeMetrics outcomes = new OutcomeMetrics(MetricSettings.defaults(), LocalServer.RELATIVE_ONLY);
    final OperationsMetrics operations = new OperationsMetrics(MetricSettings.defaults(), LocalServer.RELATIVE_ONLY);

    @Test
    void hba1cControlReadsTheLastResultOfThePeriodAndANewerEnteredInErrorOneIsNone() {
        Condition snomed = diabetes("Patient/1", "http://snomed.info/sct", "44054006", "confirmed");
        Condition icd = diabetes("Patient/2", "http://hl7.org/fhir/sid/icd-10-cm", "E11.9", null);
        Condition refuted = diabetes("Patient/3", "http://snomed.info/sct", "44054006", "refuted");
        Condition resolved = diabetes("Patient/4", "http://snomed.info/sct", "44054006", "confirmed")
                .setAbatement(new DateTimeType("2025-06-01"));
        Observation high = hba1c("a", "Patient/1", "2026-01-05", new Quantity(9.1));
        Observation lower = hba1c("b", "Patient/1", "2026-01-20", new Quantity(7.4));
        Observation mistaken = hba1c("c", "Patient/1", "2026-01-25", new Quantity(10))
                .setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        Observation asInteger = hba1c("d", "Patient/2", "2026-01-10", new IntegerType(8));
        Observation asText = hba1c("e", "Patient/2", "2026-01-12", new StringType("7.0"));

        List<Counted> counted = outcomes.hba1cControl(
                List.of(snomed, icd, refuted, resolved), List.of(high, lower, mistaken, asInteger, asText), JANUARY);

        assertThat(counted)
                .containsExactly(
                        new Counted("Patient/1", "Patient/1", LocalDate.of(2026, 1, 20), true, null, Map.of()),
                        new Counted("Patient/2", "Patient/2", LocalDate.of(2026, 1, 10), false, null, Map.of()));
    }

    @Test
    void aDiabeticWithoutAResultInThePeriodIsCountedAndNotControlled() {
        Condition undated = diabetes("Patient/1", "http://snomed.info/sct", "44054006", null);
        Observation before = hba1c("a", "Patient/1", "2025-12-31", new Quantity(6));

        assertThat(outcomes.hba1cControl(List.of(undated), List.of(before), JANUARY))
                .containsExactly(new Counted("Patient/1", "Patient/1", JANUARY.end(), false, null, Map.of()));
    }

    @Test
    void phq9ResponseAndRemissionReadTheLastScoreInTheWindowAroundSixMonths() {
        Observation index = phq9("i", "Patient/1", "2026-01-10", 16);
        Observation early = phq9("a", "Patient/1", "2026-05-01", 2); // before 10 May: outside the window
        Observation inWindow = phq9("b", "Patient/1", "2026-06-20", 4);
        Observation last = phq9("c", "Patient/1", "2026-08-01", 8); // the last in the window decides
        Observation tooLate = phq9("d", "Patient/1", "2026-09-15", 0);
        Observation lowIndex = phq9("j", "Patient/2", "2026-01-12", 9);

        Map<Metric, List<Counted>> counted =
                outcomes.phq9(List.of(tooLate, last, inWindow, early, index, lowIndex), JANUARY);

        LocalDate day = LocalDate.of(2026, 1, 10);
        assertThat(counted.get(Metric.PHQ9_RESPONSE))
                .containsExactly(new Counted("Observation/i", "Patient/1", day, true, null, Map.of()));
        assertThat(counted.get(Metric.PHQ9_REMISSION))
                .containsExactly(new Counted("Observation/i", "Patient/1", day, false, null, Map.of()));
    }

    @Test
    void aReadmissionIsAnotherStayBeginningWithinThirtyDaysOfDischarge() {
        Encounter first = stay("1", "Patient/1", "2026-01-02", "2026-01-05");
        Encounter again = stay("2", "Patient/1", "2026-02-04", "2026-02-06"); // 30 days after 5 January
        Encounter other = stay("3", "Patient/2", "2026-01-10", "2026-01-12");
        Encounter late = stay("4", "Patient/2", "2026-02-12", "2026-02-13"); // 31 days after 12 January

        assertThat(outcomes.readmissions(List.of(first, again, other, late), JANUARY))
                .containsExactly(
                        new Counted("Encounter/1", "Patient/1", LocalDate.of(2026, 1, 5), true, null, Map.of()),
                        new Counted("Encounter/3", "Patient/2", LocalDate.of(2026, 1, 12), false, null, Map.of()));
    }

    @Test
    void emergencyVisitsPerThousandCountOnlyVisitsThatTookPlaceOfPatientsInScope() {
        Encounter visit = emergency("1", "Patient/1", Encounter.EncounterStatus.FINISHED);
        Encounter cancelled = emergency("2", "Patient/1", Encounter.EncounterStatus.CANCELLED);
        Encounter outside = emergency("3", "Patient/9", Encounter.EncounterStatus.FINISHED);

        List<Counted> counted = outcomes.emergencyVisits(
                List.of("Patient/1", "Patient/2", "Patient/3"), List.of(visit, cancelled, outside), JANUARY);

        assertThat(Tally.of(Metric.EMERGENCY_VISITS, counted)).isEqualTo(new Tally(3, 1, 333.3333));
        assertThat(Tally.of(Metric.EMERGENCY_VISITS, List.of())).isEqualTo(new Tally(0, 0, null));
    }

    @Test
    void missedAppointmentsAreNoShowsOverWhatWasBooked() {
        List<Appointment> appointments = List.of(
                appointment("1", Appointment.AppointmentStatus.NOSHOW),
                appointment("2", Appointment.AppointmentStatus.FULFILLED),
                appointment("3", Appointment.AppointmentStatus.BOOKED),
                appointment("4", Appointment.AppointmentStatus.CANCELLED),
                appointment("5", Appointment.AppointmentStatus.PROPOSED),
                new Appointment().setStatus(Appointment.AppointmentStatus.NOSHOW)); // no start: no day

        assertThat(Tally.of(Metric.MISSED_APPOINTMENTS, operations.missedAppointments(appointments, JANUARY)))
                .isEqualTo(new Tally(3, 1, 0.3333));
    }

    @Test
    void lengthOfStayIsTheMeanOfCalendarDaysAndASameDayStayCountsOne() {
        List<Counted> counted = operations.lengthOfStay(
                List.of(
                        stay("1", "Patient/1", "2026-01-02", "2026-01-05"),
                        stay("2", "Patient/1", "2026-01-09", "2026-01-09"),
                        stay("3", "Patient/2", "2026-01-09", "2026-01-10"),
                        stay("4", "Patient/2", "2026-01-30", "2026-02-02")),
                JANUARY);

        assertThat(counted.stream().map(Counted::observation)).containsExactly(3d, 1d, 1d);
        assertThat(Tally.of(Metric.AVERAGE_LENGTH_OF_STAY, counted)).isEqualTo(new Tally(3, 0, 1.6667));
    }

    @Test
    void costPerPatientAddsEachClaimOnceInTheConfiguredCurrency() {
        Claim answered = claim("1", "Patient/1", "100.10", "USD");
        ExplanationOfBenefit benefit = benefit("1", "Patient/1", "100.10", "USD");
        Claim alone = claim("2", "Patient/1", "50.05", "USD");
        Claim euros = claim("3", "Patient/2", "70", "EUR");
        Claim other = claim("4", "Patient/2", "20", null);
        Claim cancelled = claim("5", "Patient/3", "900", "USD").setStatus(Claim.ClaimStatus.CANCELLED);

        List<Counted> counted =
                operations.cost(List.of(benefit), List.of(answered, alone, euros, other, cancelled), JANUARY);

        assertThat(counted.stream().map(c -> c.resource() + " " + c.observation()))
                .containsExactly("Patient/1 100.1", "Patient/1 50.05", "Patient/2 20.0");
        assertThat(Tally.of(Metric.COST_PER_PATIENT, counted)).isEqualTo(new Tally(2, 0, 85.075));
    }

    private static Condition diabetes(String patient, String system, String code, String verification) {
        Condition condition = new Condition()
                .setSubject(new Reference(patient))
                .setCode(new CodeableConcept(new Coding(system, code, null)))
                .setClinicalStatus(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        if (verification != null) {
            condition.setVerificationStatus(new CodeableConcept(
                    new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification, null)));
        }
        return condition;
    }

    private static Observation hba1c(String id, String patient, String day, org.hl7.fhir.r4.model.Type value) {
        return result(id, patient, day, "4548-4", value);
    }

    private static Observation phq9(String id, String patient, String day, int score) {
        return result(id, patient, day, "44261-6", new IntegerType(score));
    }

    private static Observation result(
            String id, String patient, String day, String loinc, org.hl7.fhir.r4.model.Type value) {
        Observation observation = new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)))
                .setSubject(new Reference(patient))
                .setEffective(new DateTimeType(day))
                .setValue(value);
        observation.setId(id);
        return observation;
    }

    private static Encounter stay(String id, String patient, String admitted, String discharged) {
        Encounter stay = new Encounter()
                .setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", null))
                .setSubject(new Reference(patient))
                .setPeriod(new Period()
                        .setStartElement(new DateTimeType(admitted))
                        .setEndElement(new DateTimeType(discharged)));
        stay.setId(id);
        return stay;
    }

    private static Encounter emergency(String id, String patient, Encounter.EncounterStatus status) {
        Encounter visit = new Encounter()
                .setStatus(status)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "EMER", null))
                .setSubject(new Reference(patient))
                .setPeriod(new Period().setStartElement(new DateTimeType("2026-01-15T02:00:00-05:00")));
        visit.setId(id);
        return visit;
    }

    private static Appointment appointment(String id, Appointment.AppointmentStatus status) {
        Appointment appointment = new Appointment().setStatus(status);
        appointment.setStartElement(new org.hl7.fhir.r4.model.InstantType("2026-01-20T15:00:00Z"));
        appointment.addParticipant().setActor(new Reference("Patient/1"));
        appointment.setId(id);
        return appointment;
    }

    private static Claim claim(String id, String patient, String amount, String currency) {
        Claim claim = new Claim()
                .setStatus(Claim.ClaimStatus.ACTIVE)
                .setPatient(new Reference(patient))
                .setCreatedElement(new DateTimeType("2026-01-10T12:00:00Z"))
                .setTotal(new Money().setValue(new BigDecimal(amount)).setCurrency(currency));
        claim.setId(id);
        return claim;
    }

    private static ExplanationOfBenefit benefit(String claim, String patient, String amount, String currency) {
        ExplanationOfBenefit benefit = new ExplanationOfBenefit()
                .setStatus(ExplanationOfBenefit.ExplanationOfBenefitStatus.ACTIVE)
                .setPatient(new Reference(patient))
                .setCreatedElement(new DateTimeType("2026-01-10T12:00:00Z"))
                .setClaim(new Reference("Claim/" + claim));
        benefit.addTotal()
                .setCategory(new CodeableConcept(
                        new Coding(OperationsMetrics.ADJUDICATION, "submitted", "Submitted Amount")))
                .setAmount(new Money().setValue(new BigDecimal(amount)).setCurrency(currency));
        benefit.setId("eob-" + claim);
        return benefit;
    }
}
