package org.carerelay.metrics.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The Coordination family on small records: what each resource counts as, and the scores. */
class CoordinationMetricsTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Period JANUARY = new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31), NEW_YORK);
    final CoordinationMetrics metrics = new CoordinationMetrics(MetricSettings.defaults(), LocalServer.RELATIVE_ONLY);

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Tally.median(List.of(1d, 2d, 4d, 10d))).isEqualTo(3d);
        assertThat(Tally.median(List.of(1d, 2d, 10d))).isEqualTo(2d);
        assertThat(Tally.median(List.of())).isNull();
    }

    @Test
    void aProportionIsRoundedToFourDecimalsAndEmptyHasNoScore() {
        Counted yes = new Counted("ServiceRequest/1", "Patient/1", JANUARY.start(), true, null, Map.of());
        Counted no = new Counted("ServiceRequest/2", "Patient/1", JANUARY.start(), false, null, Map.of());
        assertThat(Tally.of(Metric.REFERRAL_LOOP_CLOSURE, List.of(yes, no, no))).isEqualTo(new Tally(3, 1, 0.3333));
        assertThat(Tally.of(Metric.REFERRAL_LOOP_CLOSURE, List.of())).isEqualTo(new Tally(0, 0, null));
        assertThat(Tally.of(Metric.HANDOFFS_BY_STATUS, List.of())).isEqualTo(new Tally(0, 0, 0d));
    }

    @Test
    void aTimeWithoutZoneIsThePracticesLocalTimeAndOneWithAZoneIsThatInstant() {
        // 03:00 UTC on 1 February is still 31 January in New York
        assertThat(JANUARY.day(new DateTimeType("2026-02-01T03:00:00Z"))).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(JANUARY.day(new DateTimeType("2026-02-01T03:00:00"))).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(JANUARY.day(new DateTimeType("2026-01-15"))).isEqualTo(LocalDate.of(2026, 1, 15));
    }

    @Test
    void aReferralClosesOnItsFirstOutcomeThatTookPlaceAndNotOnACancelledOne() {
        ServiceRequest referral = referral("1", "2026-01-10");
        Encounter cancelled = visit("2026-01-12", Encounter.EncounterStatus.CANCELLED, "ServiceRequest/1");
        Encounter later = visit("2026-01-20", Encounter.EncounterStatus.FINISHED, "ServiceRequest/1");
        Encounter first = visit("2026-01-15", Encounter.EncounterStatus.FINISHED, "ServiceRequest/1");

        var counted = metrics.referrals(List.of(referral), List.<Resource>of(cancelled, later, first), JANUARY);

        assertThat(counted.get(Metric.REFERRAL_LOOP_CLOSURE)).singleElement().matches(Counted::numerator);
        assertThat(counted.get(Metric.REFERRAL_CLOSURE_DAYS))
                .singleElement()
                .extracting(Counted::observation)
                .isEqualTo(5d);
    }

    @Test
    void aReferralClosedAfterThePeriodIsOpenInItAndARevokedOneIsNotCounted() {
        ServiceRequest open = referral("1", "2026-01-10");
        ServiceRequest revoked = referral("2", "2026-01-10").setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
        Encounter february = visit("2026-02-02", Encounter.EncounterStatus.FINISHED, "ServiceRequest/1");

        var counted = metrics.referrals(List.of(open, revoked), List.<Resource>of(february), JANUARY);

        assertThat(counted.get(Metric.REFERRAL_LOOP_CLOSURE))
                .singleElement()
                .matches(c -> c.resource().equals("ServiceRequest/1") && !c.numerator());
        assertThat(counted.get(Metric.REFERRAL_CLOSURE_DAYS)).isEmpty();
    }

    @Test
    void aHandoffIsAcknowledgedByItsEarliestAcceptingProvenance() {
        Task task = new Task()
                .setStatus(Task.TaskStatus.COMPLETED)
                .setCode(new CodeableConcept(new Coding(CoordinationMetrics.HANDOFF_TYPE, "referral", null)))
                .setFor(new Reference("Patient/1"))
                .setOwner(new Reference("Practitioner/2"))
                .setAuthoredOnElement(new DateTimeType("2026-01-10T08:00:00Z"));
        task.setId("Task/9");
        Provenance completed = provenance("completed", "2026-01-12T08:00:00Z");
        Provenance accepted = provenance("accepted", "2026-01-11T02:00:00Z");
        Provenance requested = provenance("requested", "2026-01-10T08:00:00Z");

        var counted = metrics.handoffs(List.of(task), List.of(completed, accepted, requested), JANUARY);

        assertThat(counted.get(Metric.HANDOFF_ACKNOWLEDGEMENT_HOURS))
                .singleElement()
                .matches(c -> c.observation() == 18d && c.strata().equals(Map.of("receiver", "Practitioner/2")));
        assertThat(counted.get(Metric.HANDOFFS_BY_STATUS))
                .singleElement()
                .matches(c -> c.strata().get("status").equals("completed"));
    }

    @Test
    void aDischargeIsFollowedUpByTheFirstVisitOnOrAfterItAndNotAfterADeath() {
        Encounter stay = stay("2026-01-10", false);
        Encounter died = stay("2026-01-11", true);
        died.setSubject(new Reference("Patient/2"));
        Encounter before = visit("2026-01-05", Encounter.EncounterStatus.FINISHED, null);
        Encounter ninth = visit("2026-01-19", Encounter.EncounterStatus.FINISHED, null);

        var counted = metrics.discharges(List.of(stay, died, before, ninth), JANUARY);

        assertThat(counted.get(Metric.DISCHARGE_FOLLOW_UP_DAYS))
                .singleElement()
                .extracting(Counted::observation)
                .isEqualTo(9d);
        assertThat(counted.get(Metric.DISCHARGE_FOLLOW_UP_RATE)).singleElement().matches(c -> !c.numerator());
    }

    static ServiceRequest referral(String id, String authored) {
        ServiceRequest referral = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setSubject(new Reference("Patient/1"))
                .setAuthoredOnElement(new DateTimeType(authored));
        referral.setId("ServiceRequest/" + id);
        return referral;
    }

    static Encounter visit(String day, Encounter.EncounterStatus status, String basedOn) {
        Encounter visit = new Encounter()
                .setStatus(status)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))
                .setSubject(new Reference("Patient/1"));
        visit.getPeriod().setStartElement(new DateTimeType(day));
        if (basedOn != null) {
            visit.addBasedOn(new Reference(basedOn));
        }
        return visit;
    }

    static Encounter stay(String discharged, boolean died) {
        Encounter stay = new Encounter()
                .setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", null))
                .setSubject(new Reference("Patient/1"));
        stay.setId("Encounter/stay" + discharged);
        stay.getPeriod().setEndElement(new DateTimeType(discharged));
        if (died) {
            stay.getHospitalization()
                    .setDischargeDisposition(new CodeableConcept(
                            new Coding("http://terminology.hl7.org/CodeSystem/discharge-disposition", "exp", null)));
        }
        return stay;
    }

    static Provenance provenance(String activity, String recorded) {
        Provenance provenance = new Provenance();
        provenance.addTarget(new Reference("Task/9/_history/2"));
        provenance.setRecordedElement(new org.hl7.fhir.r4.model.InstantType(recorded));
        provenance.getActivity().addCoding(new Coding("http://hl7.org/fhir/task-status", activity, null));
        return provenance;
    }
}
