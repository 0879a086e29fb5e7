package org.carerelay.caregap.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.caregap.rules.GapScenario.date;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CareGapRulesTest {

    private final GapScenario given = new GapScenario();

    @Nested
    class ReferralOpen {
        @Test
        void referralOlderThanThirtyDaysWithNothingDoneIsAGap() {
            ServiceRequest referral = given.referral("2026-05-01");
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).containsExactly(referral));
        }

        @Test
        void referralFulfilledByACompletedTaskIsNoGap() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.task(Task.TaskStatus.COMPLETED, "2026-05-02")
                    .setFocus(new Reference(referral.getIdElement().getValue()));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void referralFulfilledByAnEncounterIsNoGap() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.encounter("AMB", "2026-05-10", "2026-05-10")
                    .addBasedOn(new Reference(referral.getIdElement().getValue()));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void referralTwentyNineDaysOldIsNoGapYet() {
            given.referral("2026-06-01T12:00:00Z");
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }
    }

    @Nested
    class Handoffs {
        private Task handoff(Task.TaskStatus status, String authored) {
            Task task = given.task(status, authored);
            task.getCode()
                    .addCoding(new Coding(org.carerelay.handoff.rules.HandoffCodes.HANDOFF_TYPE, "referral", null));
            return task;
        }

        @Test
        void handoffRequestedFourDaysAgoIsUnacknowledged() {
            handoff(Task.TaskStatus.REQUESTED, "2026-06-26T12:00:00Z");
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED)).hasSize(1);
        }

        @Test
        void handoffRequestedTwoDaysAgoIsNotYet() {
            handoff(Task.TaskStatus.REQUESTED, "2026-06-28T12:00:01Z");
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED)).isEmpty();
        }

        @Test
        void acceptedHandoffIsAcknowledged() {
            handoff(Task.TaskStatus.ACCEPTED, "2026-06-01");
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED)).isEmpty();
        }

        @Test
        void taskPastItsDueDateIsOverdue() {
            given.task(Task.TaskStatus.INPROGRESS, "2026-06-01")
                    .getRestriction()
                    .getPeriod()
                    .setEndElement(new DateTimeType("2026-06-29"));
            assertThat(given.gaps(CareGapRule.TASK_OVERDUE)).hasSize(1);
        }

        @Test
        void completedTaskPastItsDueDateIsNotOverdue() {
            given.task(Task.TaskStatus.COMPLETED, "2026-06-01")
                    .getRestriction()
                    .getPeriod()
                    .setEndElement(new DateTimeType("2026-06-29"));
            assertThat(given.gaps(CareGapRule.TASK_OVERDUE)).isEmpty();
        }
    }

    @Nested
    class CarePlans {
        @Test
        void scheduledActivityPastItsEndIsOverdue() {
            var plan = given.plan("Practitioner/a");
            plan.addActivity()
                    .getDetail()
                    .setStatus(org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus.SCHEDULED)
                    .setScheduled(new org.hl7.fhir.r4.model.Period().setEndElement(new DateTimeType("2026-06-15")))
                    .getCode()
                    .setText("weekly therapy");
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).hasSize(1);
        }

        @Test
        void activityInProgressIsNotOverdue() {
            var plan = given.plan("Practitioner/a");
            plan.addActivity()
                    .getDetail()
                    .setStatus(org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus.INPROGRESS)
                    .setScheduled(new org.hl7.fhir.r4.model.Period().setEndElement(new DateTimeType("2026-06-15")));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }

        @Test
        void planNotUpdatedForHalfAYearNeedsReview() {
            given.plan("Practitioner/a")
                    .getMeta()
                    .setLastUpdatedElement(new org.hl7.fhir.r4.model.InstantType("2025-12-01T00:00:00Z"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_REVIEW_OVERDUE)).hasSize(1);
        }

        @Test
        void recentlyUpdatedPlanNeedsNoReview() {
            given.plan("Practitioner/a");
            assertThat(given.gaps(CareGapRule.CAREPLAN_REVIEW_OVERDUE)).isEmpty();
        }

        @Test
        void plansByDifferentAuthorsWithNothingSharedAreFragmented() {
            given.plan("Practitioner/cardiology");
            given.plan("Practitioner/psychiatry");
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).hasSize(2));
        }

        @Test
        void plansSharingACareTeamAreNotFragmented() {
            given.plan("Practitioner/cardiology").addCareTeam(new Reference("CareTeam/shared"));
            given.plan("Practitioner/psychiatry").addCareTeam(new Reference("CareTeam/shared"));
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS)).isEmpty();
        }
    }

    @Nested
    class ChronicCare {
        @Test
        void twoChronicConditionsWithoutCoordinatorIsAGap() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I50.9");
            given.team("Cardiologist");
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).hasSize(2));
        }

        @Test
        void careCoordinatorOnAnActiveTeamClosesIt() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I50.9");
            given.team("Care Coordinator");
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).isEmpty();
        }

        @Test
        void oneChronicConditionIsNotEnough() {
            given.condition(GapSettings.SNOMED, "44054006");
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).isEmpty();
        }

        @Test
        void positivePhq9WithoutFollowUpIsAGap() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void repeatScreenWithinThirtyDaysClosesIt() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 8, "2026-05-30");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void phq9SentAsAnIntegerIsScored() {
            Observation screen = given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            screen.setValue(new IntegerType(14));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.message())
                            .isEqualTo("PHQ-9 of 14 with no repeat screen within 30 days and no plan or referral for"
                                    + " depression"));
        }

        @Test
        void phq9IntegerBelowTenIsNoGap() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 9, "2026-05-01").setValue(new IntegerType(9));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void phq9WithoutANumberIsNoScore() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01").setValue(new StringType("fourteen"));
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-02")
                    .setValue(null)
                    .getDataAbsentReason()
                    .setText("not asked");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void hba1cTimedByAPeriodIsNamedByItsStart() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.observation("4548-4", 7.1, "2025-12-31")
                    .setEffective(new Period().setStartElement(new DateTimeType("2025-12-30")));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.message())
                            .isEqualTo("Active diabetes and no HbA1c since 2025-12-30 (more than 180 days)"));
        }

        @Test
        void phq9BelowTenIsNoGap() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 9, "2026-05-01");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void diabetesWithoutRecentHba1cIsAGap() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.observation("4548-4", 7.1, "2025-12-31T11:00:00Z");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).hasSize(1);
        }

        @Test
        void hba1cOneDayInsideTheWindowClosesIt() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.observation("4548-4", 7.1, "2026-01-02T12:00:00Z");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).isEmpty();
        }

        @Test
        void hba1cAfterAsOfDoesNotCount() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.observation("4548-4", 7.1, "2026-07-15");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).hasSize(1);
        }
    }

    @Nested
    class Transitions {
        @Test
        void dischargeWithoutFollowUpIsAGap() {
            given.encounter("IMP", "2026-06-01", "2026-06-05");
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void virtualVisitWithinSevenDaysClosesIt() {
            given.encounter("IMP", "2026-06-01", "2026-06-05");
            given.encounter("VR", "2026-06-11", "2026-06-11");
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void dischargeLessThanSevenDaysAgoIsNotYetAGap() {
            given.encounter("IMP", "2026-06-20", "2026-06-25");
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING)).isEmpty();
        }
    }

    @Nested
    class Patients {
        @Test
        void deceasedPatientHasNoGaps() {
            given.referral("2026-05-01");
            given.patient.setDeceased(new BooleanType(true));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void patientWhoDiesAfterAsOfStillHasGaps() {
            given.referral("2026-05-01");
            given.patient.setDeceased(new DateTimeType("2026-07-10"));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN, date("2026-06-30T00:00:00Z")))
                    .hasSize(1);
        }

        @Test
        void inactivePatientHasNoGaps() {
            given.referral("2026-05-01");
            given.patient.setActive(false);
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }
    }
}
