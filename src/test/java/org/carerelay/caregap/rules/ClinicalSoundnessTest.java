package org.carerelay.caregap.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.carerelay.handoff.rules.HandoffCodes;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The records of issue #18, each shaped as an EHR sends it, with the answer a care coordinator can act on. */
class ClinicalSoundnessTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 30);

    private final GapScenario given = new GapScenario();

    @Nested
    class Statuses {
        @Test
        void phq9EnteredInErrorIsNoScreenAndSoNoGap() {
            given.observation("44261-6", 15, "2026-05-01").setStatus(Observation.ObservationStatus.ENTEREDINERROR);
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void cancelledNewerHba1cWithoutResultLeavesTheOldOneOverdue() {
            given.condition(GapSettings.ICD10CM, "E11.9");
            Observation old = given.observation("4548-4", 7.2, "2025-11-02");
            Observation cancelled = given.observation("4548-4", 0, "2026-06-01")
                    .setStatus(Observation.ObservationStatus.CANCELLED)
                    .setValue(null);
            cancelled
                    .getDataAbsentReason()
                    .addCoding(new Coding(
                            "http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-performed", null));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).singleElement().satisfies(gap -> {
                // named, so that nobody wonders why it did not count
                assertThat(gap.evidence()).endsWith(old, cancelled);
                assertThat(gap.message())
                        .isEqualTo("Active diabetes and no HbA1c since 2025-11-02 (more than 180 days); 1 HbA1c"
                                + " without a date or a result does not count");
            });
        }

        @Test
        void referralWhoseOnlyEncounterWasCancelledIsStillOpen() {
            var referral = given.referral("2026-01-01");
            given.encounter("AMB", "2026-02-01", "2026-02-01")
                    .setStatus(Encounter.EncounterStatus.CANCELLED)
                    .addBasedOn(new Reference("ServiceRequest/" + referral.getIdPart()));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).containsExactly(referral));
        }

        @Test
        void dischargeWhoseOnlyLaterVisitWasCancelledHasNoFollowUp() {
            Encounter stay = given.encounter("IMP", "2026-06-05", "2026-06-09");
            given.encounter("AMB", "2026-06-12", "2026-06-12").setStatus(Encounter.EncounterStatus.CANCELLED);
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).containsExactly(stay));
        }
    }

    @Nested
    class DueDatesAndHours {
        private Task dueOn(String due) {
            Task task = given.task(Task.TaskStatus.REQUESTED, "2026-06-01");
            task.getRestriction().getPeriod().setEndElement(new DateTimeType(due));
            return task;
        }

        private Task handoff(String authored) {
            Task task = given.task(Task.TaskStatus.REQUESTED, authored);
            task.getCode().addCoding(new Coding(HandoffCodes.HANDOFF_TYPE, "referral", null));
            return task;
        }

        @Test
        void taskDueTodayIsNotOverdueWithTheDefaultAsOf() {
            dueOn("2026-06-30");
            AsOf now = AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-06-30T15:00:00Z"));
            assertThat(given.gaps(CareGapRule.TASK_OVERDUE, now)).isEmpty();
        }

        @Test
        void taskDueTodayIsNotOverdueAsOfTodayAskedLater() {
            dueOn("2026-06-30");
            AsOf today = AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-07-05T09:00:00Z"));
            assertThat(given.gaps(CareGapRule.TASK_OVERDUE, today)).isEmpty();
        }

        @Test
        void taskDueYesterdayIsOverdue() {
            dueOn("2026-06-29");
            AsOf now = AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-06-30T00:00:01Z"));
            assertThat(given.gaps(CareGapRule.TASK_OVERDUE, now)).hasSize(1);
        }

        @Test
        void taskDueAtAnInstantTodayIsOverdueOnceItPasses() {
            dueOn("2026-06-30T10:00:00Z");
            assertThat(given.gaps(
                            CareGapRule.TASK_OVERDUE,
                            AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-06-30T09:59:59Z"))))
                    .isEmpty();
            assertThat(given.gaps(
                            CareGapRule.TASK_OVERDUE,
                            AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-06-30T10:00:01Z"))))
                    .hasSize(1);
        }

        @Test
        void taskDueThisMonthIsDueUntilTheMonthIsOver() {
            dueOn("2026-06");
            assertThat(given.gaps(
                            CareGapRule.TASK_OVERDUE,
                            AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-06-30T23:00:00Z"))))
                    .isEmpty();
            dueOn("2025");
            assertThat(given.gaps(
                            CareGapRule.TASK_OVERDUE,
                            AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-06-30T23:00:00Z"))))
                    .hasSize(1);
        }

        @Test
        void handoffRequested71HoursAgoIsNotYetUnacknowledged() {
            handoff("2026-06-27T16:00:00Z");
            AsOf now = AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-06-30T15:00:00Z"));
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED, now)).isEmpty();
        }

        @Test
        void handoffRequested73HoursAgoIsUnacknowledged() {
            handoff("2026-06-27T14:00:00Z");
            AsOf now = AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-06-30T15:00:00Z"));
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED, now)).hasSize(1);
        }

        @Test
        void handoffIsMeasuredToTheEndOfAPastDay() {
            handoff("2026-06-27T16:00:00Z");
            AsOf pastDay = AsOf.day(TODAY, ZoneOffset.UTC, Instant.parse("2026-07-10T00:00:00Z"));
            assertThat(pastDay.instant()).isEqualTo(pastDay.endOfDay());
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED, pastDay)).hasSize(1);
        }
    }

    /** A practice at UTC−05:00 asking at 23:30 local time: still the 30th there, already the 1st in UTC. */
    @Nested
    class PracticeTimeZone {
        private final ZoneId practice = ZoneId.of("-05:00");
        private final Instant lateEvening = Instant.parse("2026-07-01T04:30:00Z");

        @Test
        void todayIsTheLocalDayAndItsEndIsLocalMidnight() {
            AsOf asOf = AsOf.day(TODAY, practice, lateEvening);
            assertThat(asOf.instant().toInstant()).isEqualTo(lateEvening);
            assertThat(asOf.endOfDay().toInstant()).isEqualTo(Instant.parse("2026-07-01T04:59:59.999Z"));
        }

        @Test
        void taskDueTodayLocallyIsNotOverdueAt2330() {
            given.task(Task.TaskStatus.REQUESTED, "2026-06-01")
                    .getRestriction()
                    .getPeriod()
                    .setEndElement(new DateTimeType("2026-06-30"));
            assertThat(given.gaps(CareGapRule.TASK_OVERDUE, AsOf.day(TODAY, practice, lateEvening)))
                    .isEmpty();
            // the same task, judged as of the same instant in UTC, is a day late
            assertThat(given.gaps(CareGapRule.TASK_OVERDUE, AsOf.day(TODAY.plusDays(1), ZoneOffset.UTC, lateEvening)))
                    .hasSize(1);
        }

        @Test
        void timeWithoutZoneIsReadInThePracticeZone() {
            // 23:00 local three days ago is 72.5 hours before 23:30 local, not 77.5 as it would be read in UTC
            Task handoff = given.task(Task.TaskStatus.REQUESTED, "2026-06-27");
            handoff.getCode().addCoding(new Coding(HandoffCodes.HANDOFF_TYPE, "referral", null));
            handoff.setAuthoredOnElement(new DateTimeType("2026-06-28T01:00:00"));
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED, AsOf.day(TODAY, practice, lateEvening)))
                    .isEmpty();
            assertThat(Dates.read(new DateTimeType("2026-06-28T01:00:00"), practice)
                            .toInstant())
                    .isEqualTo(Instant.parse("2026-06-28T06:00:00Z"));
            assertThat(Dates.read(new DateTimeType("2026-06-28T01:00:00+02:00"), practice)
                            .toInstant())
                    .isEqualTo(Instant.parse("2026-06-27T23:00:00Z"));
            assertThat(Dates.read(new DateTimeType("2026-06-28T01:00:00Z"), practice)
                            .toInstant())
                    .isEqualTo(Instant.parse("2026-06-28T01:00:00Z"));
        }

        @Test
        void dateOnlyDueDateEndsAtLocalMidnight() {
            assertThat(Dates.dueBy(new DateTimeType("2026-06-30"), practice).toInstant())
                    .isEqualTo(Instant.parse("2026-07-01T04:59:59.999Z"));
            assertThat(Dates.dueBy(new DateTimeType("2026-06-30T10:00:00-05:00"), practice)
                            .toInstant())
                    .isEqualTo(Instant.parse("2026-06-30T15:00:00Z"));
            assertThat(Dates.dueBy(new DateTimeType(), practice)).isNull();
            assertThat(Dates.read(null, practice)).isNull();
        }
    }

    /**
     * Dates written without a zone, read by every rule in the practice's zone (UTC−05:00, asking at 23:30 local on 30
     * June), never in the JVM's: the JVM runs in Tokyo here, and neither a Tokyo nor a UTC reading gives these answers.
     */
    @Nested
    class DatesWithoutAZone {
        private final ZoneId practice = ZoneId.of("-05:00");
        private final AsOf lateEvening = AsOf.day(TODAY, practice, Instant.parse("2026-07-01T04:30:00Z"));
        private java.util.TimeZone jvmZone;

        @org.junit.jupiter.api.BeforeEach
        void jvmInTokyo() {
            jvmZone = java.util.TimeZone.getDefault();
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
        }

        @org.junit.jupiter.api.AfterEach
        void jvmBack() {
            java.util.TimeZone.setDefault(jvmZone);
        }

        @Test
        void hba1cJustInsideTheWindowLocallyCounts() {
            // 180 days before the end of 30 June local is 05:00 on 2 January local; 00:30 then is inside
            given.condition(GapSettings.ICD10CM, "E11.9");
            given.observation("4548-4", 7.1, "2026-01-02T00:30:00");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE, lateEvening)).isEmpty();
        }

        @Test
        void hba1cTakenTomorrowLocallyDoesNotCountToday() {
            given.condition(GapSettings.ICD10CM, "E11.9");
            given.observation("4548-4", 7.1, "2026-07-01T03:00:00");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE, lateEvening))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.message()).isEqualTo("Active diabetes and no HbA1c on record"));
        }

        @Test
        void conditionDiagnosedTomorrowLocallyDoesNotCountToday() {
            given.condition(GapSettings.ICD10CM, "E11.9").setOnset(new DateTimeType("2026-07-01T02:00:00"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE, lateEvening)).isEmpty();
            given.conditions.get(0).setOnset(new DateTimeType("2026-06-30T23:00:00"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE, lateEvening)).hasSize(1);
        }

        @Test
        void patientWhoDiesTomorrowLocallyStillHasGapsToday() {
            given.condition(GapSettings.ICD10CM, "E11.9");
            given.patient.setDeceased(new DateTimeType("2026-07-01T01:00:00"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE, lateEvening)).hasSize(1);
            given.patient.setDeceased(new DateTimeType("2026-06-30T23:00:00"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE, lateEvening)).isEmpty();
        }

        @Test
        void followUpWrittenWithoutAZoneIsReadLocally() {
            // discharged 20:00 local; the visit at 20:30 without a zone is half an hour later there, not before it
            given.encounter("IMP", "2026-06-20T08:00:00-05:00", "2026-06-22T20:00:00-05:00");
            given.encounter("AMB", "2026-06-22T20:30:00", "2026-06-22T21:00:00");
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING, lateEvening))
                    .isEmpty();
            given.encounters.get(1).getPeriod().setStartElement(new DateTimeType("2026-06-22T19:30:00"));
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING, lateEvening))
                    .hasSize(1);
        }

        @Test
        void activityRequestDueTodayLocallyIsNotOverdueAt2330() {
            ServiceRequest request = given.referral("2026-05-01");
            request.setOccurrence(new DateTimeType("2026-06-30T23:45:00"));
            given.plan("Practitioner/a")
                    .addActivity()
                    .setReference(new Reference(request.getIdElement().getValue()));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE, lateEvening))
                    .isEmpty();
            request.setOccurrence(new DateTimeType("2026-06-30T23:15:00"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE, lateEvening))
                    .hasSize(1);
        }
    }

    /** Care-plan activities that are requests: the request's own status and occurrence decide. */
    @Nested
    class CarePlanActivityRequests {
        private ServiceRequest activity(Type occurrence) {
            ServiceRequest request = given.referral("2026-05-01");
            request.setOccurrence(occurrence);
            given.plan("Practitioner/a")
                    .addActivity()
                    .setReference(new Reference(request.getIdElement().getValue()));
            return request;
        }

        @Test
        void activeRequestPastItsOccurrenceIsOverdue() {
            ServiceRequest request = activity(new DateTimeType("2026-06-01"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(given.plans.get(0), request);
                        assertThat(gap.message()).isEqualTo("Care plan activity ServiceRequest/1 is overdue");
                    });
        }

        @Test
        void completedRequestIsNotOverdue() {
            activity(new DateTimeType("2026-06-01")).setStatus(ServiceRequest.ServiceRequestStatus.COMPLETED);
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }

        @Test
        void requestDueLaterIsNotOverdue() {
            activity(new DateTimeType("2026-07-01"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }

        @Test
        void periodAndTimingBoundsAreReadByTheirEnd() {
            activity(new Period()
                    .setStartElement(new DateTimeType("2026-05-01"))
                    .setEndElement(new DateTimeType("2026-06-01")));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).hasSize(1);
            Timing timing = new Timing();
            timing.getRepeat().setBounds(new Period().setEndElement(new DateTimeType("2026-07-15")));
            given.requests.get(0).setOccurrence(timing);
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }

        @Test
        void requestWithoutAnOccurrenceOrOpenAtTheEndIsNeverOverdue() {
            activity(null);
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
            given.requests.get(0).setOccurrence(new Period().setStartElement(new DateTimeType("2026-01-01")));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }
    }

    @Nested
    class ReferencesToOtherServers {
        @Test
        void encounterBasedOnAnotherServersReferralDoesNotCloseOurs() {
            var referral = given.referral("2026-01-01");
            given.encounter("AMB", "2026-02-01", "2026-02-01")
                    .addBasedOn(
                            new Reference("https://hospital.example.org/fhir/ServiceRequest/" + referral.getIdPart()));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).hasSize(1);
        }

        @Test
        void relativeReferenceToTheReferralClosesIt() {
            var referral = given.referral("2026-01-01");
            given.encounter("AMB", "2026-02-01", "2026-02-01")
                    .addBasedOn(new Reference("ServiceRequest/" + referral.getIdPart()));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void plansOfTheSameAuthorNamedOnAnotherServerAreByDifferentAuthors() {
            given.plan("Practitioner/a");
            given.plan("https://hospital.example.org/fhir/Practitioner/a");
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS)).hasSize(1);
        }
    }
}
