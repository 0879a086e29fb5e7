package org.carerelay.caregap.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.caregap.rules.GapScenario.date;

import org.carerelay.handoff.rules.HandoffCodes;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
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

        @Test
        void openReferralIsNamedByItsText() {
            given.referral("2026-05-01");
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .extracting(Gap::message)
                    .containsExactly("Referral 'behavioral health referral' has been open for more than 30 days with no"
                            + " completed task or result");
        }

        @Test
        void referralWithoutTextIsNamedByItsCodingDisplay() {
            given.referral("2026-05-01")
                    .setCode(new CodeableConcept(new Coding(GapSettings.SNOMED, "306206005", "Referral to service")));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .extracting(Gap::message)
                    .containsExactly("Referral 'Referral to service' has been open for more than 30 days with no"
                            + " completed task or result");
        }

        @Test
        void referralWithoutCodeIsNamedByItsId() {
            given.referral("2026-05-01").setCode(null);
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .extracting(Gap::message)
                    .containsExactly("Referral ServiceRequest/1 has been open for more than 30 days with no completed"
                            + " task or result");
        }

        @Test
        void completedTaskBasedOnTheReferralFulfilsIt() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.task(Task.TaskStatus.COMPLETED, "2026-05-02").addBasedOn(ref(referral));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void taskStillInProgressDoesNotFulfilTheReferral() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.task(Task.TaskStatus.INPROGRESS, "2026-05-02").setFocus(ref(referral));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).hasSize(1);
        }

        @Test
        void procedureBasedOnTheReferralFulfilsIt() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.procedure(ref(referral)).setPerformed(new DateTimeType("2026-05-20"));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void reportBasedOnTheReferralFulfilsIt() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.report(ref(referral)).setEffective(new DateTimeType("2026-05-20"));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void observationBasedOnTheReferralFulfilsIt() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.observation("8867-4", 72, "2026-05-20").addBasedOn(ref(referral));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void resultsForAnotherReferralDoNotFulfilIt() {
            ServiceRequest referral = given.referral("2026-05-01");
            Reference other = new Reference("ServiceRequest/other");
            given.task(Task.TaskStatus.COMPLETED, "2026-05-02").setFocus(other).addBasedOn(other);
            given.encounter("AMB", "2026-05-10", "2026-05-10").addBasedOn(other);
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).containsExactly(referral));
        }

        @Test
        void resultsRecordedAfterAsOfDoNotFulfilIt() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.encounter("AMB", "2026-07-02", "2026-07-02").addBasedOn(ref(referral));
            given.procedure(ref(referral)).setPerformed(new DateTimeType("2026-07-02"));
            given.procedure(ref(referral)).setPerformed(new Period().setStartElement(new DateTimeType("2026-07-02")));
            given.report(ref(referral)).setEffective(new DateTimeType("2026-07-02"));
            given.report(ref(referral)).setEffective(new Period().setStartElement(new DateTimeType("2026-07-02")));
            given.report(ref(referral)).setIssuedElement(new InstantType("2026-07-02T09:00:00Z"));
            given.observation("8867-4", 72, "2026-07-02").addBasedOn(ref(referral));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).hasSize(1);
        }
    }

    @Nested
    class Handoffs {
        private Task handoff(Task.TaskStatus status, String authored) {
            Task task = given.task(status, authored);
            task.getCode().addCoding(new Coding(HandoffCodes.HANDOFF_TYPE, "referral", null));
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

        @Test
        void handoffReceivedButNotAcceptedIsUnacknowledged() {
            Task task = handoff(Task.TaskStatus.RECEIVED, "2026-06-26T12:00:00Z");
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(task);
                        assertThat(gap.message())
                                .isEqualTo("Handoff still received more than 72 hours after it was sent");
                    });
        }

        @Test
        void closedLoopReferralTaskIsAHandoff() {
            given.task(Task.TaskStatus.REQUESTED, "2026-06-26T12:00:00Z")
                    .setFocus(new Reference("ServiceRequest/referral"))
                    .getCode()
                    .addCoding(new Coding(HandoffCodes.TASK_CODE, "fulfill", null));
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED)).hasSize(1);
        }

        @Test
        void tasksThatAreNoHandoffNeedNoAcknowledgement() {
            given.task(Task.TaskStatus.REQUESTED, "2026-06-01");
            given.task(Task.TaskStatus.REQUESTED, "2026-06-01")
                    .setFocus(new Reference("ServiceRequest/referral"))
                    .getCode()
                    .addCoding(new Coding(HandoffCodes.TASK_CODE, "approve", null));
            given.task(Task.TaskStatus.REQUESTED, "2026-06-01")
                    .setFocus(new Reference("ServiceRequest/referral"))
                    .getCode()
                    .addCoding(new Coding("urn:example:local", "fulfill", null));
            given.task(Task.TaskStatus.REQUESTED, "2026-06-01")
                    .setFocus(new Reference("Patient/p"))
                    .getCode()
                    .addCoding(new Coding(HandoffCodes.TASK_CODE, "fulfill", null));
            given.task(Task.TaskStatus.REQUESTED, "2026-06-01")
                    .setFocus(new Reference().setIdentifier(new Identifier().setValue("order-7")))
                    .getCode()
                    .addCoding(new Coding(HandoffCodes.TASK_CODE, "fulfill", null));
            assertThat(given.gaps(CareGapRule.HANDOFF_UNACKNOWLEDGED)).isEmpty();
        }

        @Test
        void overdueTaskIsDescribedWithItsDueDateAndStatus() {
            Task task = given.task(Task.TaskStatus.INPROGRESS, "2026-06-01").setDescription("call the patient");
            task.getRestriction().getPeriod().setEndElement(new DateTimeType("2026-06-29"));
            given.task(Task.TaskStatus.READY, "2026-06-01")
                    .getRestriction()
                    .getPeriod()
                    .setEndElement(new DateTimeType("2026-06-28"));
            assertThat(given.gaps(CareGapRule.TASK_OVERDUE))
                    .extracting(Gap::message)
                    .containsExactly(
                            "Task 'call the patient' was due 2026-06-29 and is still in-progress",
                            "Task was due 2026-06-28 and is still ready");
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

        @Test
        void activityDoneThroughAnOverdueTaskIsOverdue() {
            Task task = given.task(Task.TaskStatus.INPROGRESS, "2026-06-01");
            task.getRestriction().getPeriod().setEndElement(new DateTimeType("2026-06-29"));
            CarePlan plan = given.plan("Practitioner/a");
            plan.addActivity().setReference(ref(task));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(plan, task);
                        assertThat(gap.message()).isEqualTo("Care plan activity Task/1 is overdue");
                    });
        }

        @Test
        void activityDoneThroughATaskNotYetDueIsNotOverdue() {
            Task task = given.task(Task.TaskStatus.INPROGRESS, "2026-06-01");
            task.getRestriction().getPeriod().setEndElement(new DateTimeType("2026-07-15"));
            given.plan("Practitioner/a").addActivity().setReference(ref(task));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }

        @Test
        void overdueTaskOfAnotherActivityIsNotThisOne() {
            given.task(Task.TaskStatus.INPROGRESS, "2026-06-01")
                    .getRestriction()
                    .getPeriod()
                    .setEndElement(new DateTimeType("2026-06-29"));
            given.plan("Practitioner/a").addActivity().setReference(new Reference("Task/other"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }

        @Test
        void activityNotStartedPastTheBoundsOfItsTimingIsOverdue() {
            CarePlan plan = given.plan("Practitioner/a");
            Timing timing = new Timing();
            timing.getRepeat().setBounds(new Period().setEndElement(new DateTimeType("2026-06-15")));
            plan.addActivity()
                    .getDetail()
                    .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                    .setScheduled(timing)
                    .getCode()
                    .setText("daily walk");
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(plan);
                        assertThat(gap.message())
                                .isEqualTo("Care plan activity 'daily walk' was to be done by 2026-06-15 and has not"
                                        + " started");
                    });
        }

        @Test
        void activityTimedOnlyByADurationHasNoEnd() {
            Timing timing = new Timing();
            timing.getRepeat().setBounds(new Duration().setValue(6).setUnit("wk"));
            given.plan("Practitioner/a")
                    .addActivity()
                    .getDetail()
                    .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                    .setScheduled(timing);
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }

        @Test
        void planPastItsEndNeedsReview() {
            CarePlan plan = given.plan("Practitioner/a");
            plan.getPeriod().setEndElement(new DateTimeType("2026-06-01"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_REVIEW_OVERDUE))
                    .extracting(Gap::message)
                    .containsExactly("Active care plan ended 2026-06-01 without review");
        }

        @Test
        void staleReviewSaysHowLong() {
            given.plan("Practitioner/a").getMeta().setLastUpdatedElement(new InstantType("2025-12-01T00:00:00Z"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_REVIEW_OVERDUE))
                    .extracting(Gap::message)
                    .containsExactly("Care plan not updated for more than 180 days");
        }

        @Test
        void planNoLongerActiveNeedsNoReview() {
            given.plan("Practitioner/a")
                    .setStatus(CarePlan.CarePlanStatus.REVOKED)
                    .getMeta()
                    .setLastUpdatedElement(new InstantType("2025-12-01T00:00:00Z"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_REVIEW_OVERDUE)).isEmpty();
        }

        @Test
        void plansByTheSameAuthorAreNotFragmented() {
            given.plan("Practitioner/cardiology");
            given.plan("Practitioner/cardiology");
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS)).isEmpty();
        }

        @Test
        void planWithoutAuthorIsLeftOutOfFragmentation() {
            CarePlan cardiology = given.plan("Practitioner/cardiology");
            given.plan("Practitioner/x").setAuthor(null);
            CarePlan psychiatry = given.plan("Practitioner/psychiatry");
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(cardiology, psychiatry);
                        assertThat(gap.message())
                                .isEqualTo("2 active care plans by different authors share no care team and do not"
                                        + " reference each other");
                    });
        }

        @Test
        void planBasedOnAnotherIsAwareOfIt() {
            CarePlan cardiology = given.plan("Practitioner/cardiology");
            given.plan("Practitioner/psychiatry").addBasedOn(ref(cardiology));
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS)).isEmpty();
        }

        @Test
        void planReplacingAnotherIsAwareOfIt() {
            CarePlan cardiology = given.plan("Practitioner/cardiology");
            CarePlan psychiatry = given.plan("Practitioner/psychiatry");
            cardiology.addReplaces(ref(psychiatry));
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS)).isEmpty();
        }

        @Test
        void planCreatedAfterAsOfDoesNotCount() {
            given.plan("Practitioner/cardiology");
            given.plan("Practitioner/psychiatry").setCreatedElement(new DateTimeType("2026-07-05"));
            given.plan("Practitioner/nephrology").getPeriod().setStartElement(new DateTimeType("2026-07-05"));
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
        void hba1cTimedByAnInstantIsNamedByIt() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.observation("4548-4", 7.1, "2025-12-31").setEffective(new InstantType("2025-12-30T08:15:00Z"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.message())
                            .isEqualTo("Active diabetes and no HbA1c since 2025-12-30T08:15:00Z (more than 180 days)"));
        }

        @Test
        void hba1cWithOnlyAnIssueTimeIsNamedByIt() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.observation("4548-4", 7.1, "2025-12-31")
                    .setEffective(null)
                    .setIssuedElement(new InstantType("2025-12-30T08:15:00Z"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.message())
                            .isEqualTo("Active diabetes and no HbA1c since 2025-12-30T08:15:00Z (more than 180 days)"));
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

        @Test
        void gapCountsTheDistinctChronicConditions() {
            Condition diabetes = given.condition(GapSettings.SNOMED, "44054006");
            Condition heartFailure = given.condition(GapSettings.ICD10CM, "I50.9");
            given.condition(GapSettings.ICD10CM, "I50.9");
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).hasSize(3).startsWith(diabetes, heartFailure);
                        assertThat(gap.message())
                                .isEqualTo(
                                        "2 active chronic conditions and no care coordinator on an active care team");
                    });
        }

        @Test
        void resolvedOrAbatedConditionsDoNotCount() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I50.9")
                    .getClinicalStatus()
                    .getCodingFirstRep()
                    .setCode("resolved");
            given.condition(GapSettings.ICD10CM, "J44.9").setAbatement(new DateTimeType("2026-01-10"));
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).isEmpty();
        }

        @Test
        void relapseCountsAsActive() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I50.9")
                    .getClinicalStatus()
                    .getCodingFirstRep()
                    .setCode("relapse");
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).hasSize(1);
        }

        @Test
        void conditionsOffTheChronicListDoNotCount() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "J06.9");
            given.condition("urn:example:local", "I50");
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).isEmpty();
        }

        @Test
        void onlyIcd10CodesMatchTheirSubcodes() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.SNOMED, "84114007.1");
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).isEmpty();
        }

        @Test
        void exactIcd10CodeCounts() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I10");
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).hasSize(1);
        }

        @Test
        void coordinatorNamedByARoleCodingClosesIt() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I50.9");
            CareTeam team = given.team("Cardiologist");
            team.getParticipantFirstRep()
                    .addRole()
                    .addCoding(new Coding(GapSettings.SNOMED, "768820003", null))
                    .addCoding(new Coding(GapSettings.SNOMED, "768821004", "Care Coordinator"));
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).isEmpty();
        }

        @Test
        void roleCodedAsCareCoordinatorWithoutAnyWordsIsACoordinator() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I50.9");
            given.team("Cardiologist")
                    .getParticipantFirstRep()
                    .addRole()
                    .addCoding(new Coding(GapSettings.SNOMED, "768820003", null));
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).isEmpty();
        }

        @Test
        void roleWithAnotherCodeAndNoWordsIsNoCoordinator() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I50.9");
            given.team("Cardiologist")
                    .getParticipantFirstRep()
                    .addRole()
                    .addCoding(new Coding(GapSettings.SNOMED, "17561000", null));
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).hasSize(1);
        }

        @Test
        void coordinatorOnAnInactiveTeamDoesNotCount() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I50.9");
            given.team("Care Coordinator").setStatus(CareTeam.CareTeamStatus.INACTIVE);
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).hasSize(1);
        }

        @Test
        void phq9OfTenIsPositive() {
            Observation screen = given.observation(ChronicCareGaps.PHQ9_TOTAL, 10, "2026-05-01");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(screen);
                        assertThat(gap.message())
                                .isEqualTo(
                                        "PHQ-9 of 10 with no repeat screen within 30 days and no plan or referral for"
                                                + " depression");
                    });
        }

        @Test
        void positiveScreenOutsideTheLookBackIsNoGap() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-03-15");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void positiveScreenLessThanThirtyDaysAgoIsNotYetAGap() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-06-15");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void otherObservationIsNoRepeatScreen() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            given.observation("4548-4", 7.1, "2026-05-20");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void screenDatedByAPeriodCounts() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01")
                    .setEffective(new Period().setStartElement(new DateTimeType("2026-05-01")));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void screenDatedByAnInstantCounts() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01")
                    .setEffective(new InstantType("2026-05-01T09:00:00Z"));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void screenDatedOnlyByItsIssueCounts() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01")
                    .setEffective(null)
                    .setIssuedElement(new InstantType("2026-05-01T09:00:00Z"));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void activeCarePlanForDepressionClosesIt() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            Condition depression = given.condition(GapSettings.SNOMED, "35489007");
            given.plan("Practitioner/a").addAddresses(ref(depression));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void carePlanNoLongerActiveOrForAnotherConditionDoesNotCloseIt() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            Condition depression = given.condition(GapSettings.SNOMED, "35489007");
            Condition diabetes = given.condition(GapSettings.SNOMED, "44054006");
            given.plan("Practitioner/a")
                    .setStatus(CarePlan.CarePlanStatus.COMPLETED)
                    .addAddresses(ref(depression));
            given.plan("Practitioner/a").addAddresses(ref(diabetes));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void referralForDepressionClosesIt() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            given.referral("2026-05-02")
                    .addReasonCode(new CodeableConcept(new Coding(GapSettings.ICD10CM, "F32.1", null)));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void completedReferralNamingTheDepressionClosesIt() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            Condition depression = given.condition(GapSettings.ICD10CM, "F33.1");
            given.referral("2026-05-02")
                    .setStatus(ServiceRequest.ServiceRequestStatus.COMPLETED)
                    .addReasonReference(ref(depression));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void revokedOrUnrelatedReferralDoesNotCloseIt() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            Condition depression = given.condition(GapSettings.SNOMED, "35489007");
            Condition diabetes = given.condition(GapSettings.SNOMED, "44054006");
            given.referral("2026-05-02")
                    .setStatus(ServiceRequest.ServiceRequestStatus.REVOKED)
                    .addReasonReference(ref(depression));
            given.referral("2026-05-02")
                    .addReasonCode(new CodeableConcept(new Coding(GapSettings.SNOMED, "44054006", null)))
                    .addReasonReference(ref(diabetes));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void lastHba1cTooLongAgoIsShownAsEvidence() {
            Condition diabetes = given.condition(GapSettings.SNOMED, "44054006");
            Observation older = given.observation("17856-6", 8.0, "2025-09-01T10:00:00Z");
            Observation last = given.observation("4548-4", 7.1, "2025-12-31T11:00:00Z");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).singleElement().satisfies(gap -> {
                assertThat(gap.evidence()).containsExactly(diabetes, last).doesNotContain(older);
                assertThat(gap.message())
                        .isEqualTo("Active diabetes and no HbA1c since 2025-12-31T11:00:00Z (more than 180" + " days)");
            });
        }

        @Test
        void diabetesWithoutAnyDatedHba1cHasNoneOnRecordAndTheUndatedOneIsNamed() {
            Condition diabetes = given.condition(GapSettings.ICD10CM, "E11.9");
            Observation undated = given.observation("4548-4", 7.1, "2026-05-01").setEffective(null);
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 4, "2026-06-01");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).singleElement().satisfies(gap -> {
                assertThat(gap.evidence()).containsExactly(diabetes, undated);
                assertThat(gap.message())
                        .isEqualTo("Active diabetes and no HbA1c on record; 1 HbA1c without a date or a result does"
                                + " not count");
            });
        }

        @Test
        void diabetesWithoutAnyHba1cHasNoneOnRecord() {
            Condition diabetes = given.condition(GapSettings.ICD10CM, "E11.9");
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 4, "2026-06-01");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).singleElement().satisfies(gap -> {
                assertThat(gap.evidence()).containsExactly(diabetes);
                assertThat(gap.message()).isEqualTo("Active diabetes and no HbA1c on record");
            });
        }

        @Test
        void noDiabetesNeedsNoHba1c() {
            given.condition(GapSettings.ICD10CM, "I50.9");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).isEmpty();
        }

        @Test
        void diabetesDiagnosedAfterAsOfDoesNotCount() {
            given.condition(GapSettings.SNOMED, "44054006").setOnset(new DateTimeType("2026-07-10"));
            given.condition(GapSettings.ICD10CM, "E11.9")
                    .setOnset(null)
                    .setRecordedDateElement(new DateTimeType("2026-07-10"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).isEmpty();
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

        @Test
        void gapNamesTheDischargeAndTheWindow() {
            Encounter stay = given.encounter("IMP", "2026-06-01", "2026-06-05");
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(stay);
                        assertThat(gap.message())
                                .isEqualTo(
                                        "Discharged 2026-06-05 with no ambulatory, home-health or virtual visit within"
                                                + " 7 days");
                    });
        }

        @Test
        void emergencyVisitIsNoFollowUp() {
            given.encounter("IMP", "2026-06-01", "2026-06-05");
            given.encounter("EMER", "2026-06-07", "2026-06-07");
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void visitAfterTheSevenDayWindowIsTooLate() {
            given.encounter("IMP", "2026-06-01", "2026-06-05");
            given.encounter("AMB", "2026-06-15", "2026-06-15");
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING)).hasSize(1);
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

        @Test
        void patientWhoDiedBeforeAsOfHasNoGaps() {
            given.referral("2026-05-01");
            given.patient.setDeceased(new DateTimeType("2026-06-10"));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void patientRecordedAsAliveHasGaps() {
            given.referral("2026-05-01");
            given.patient.setActive(true).setDeceased(new BooleanType(false));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).hasSize(1);
        }
    }

    @Test
    void everyRuleHasAStableCodeATitleAndAMitigation() {
        assertThat(CareGapRule.values())
                .extracting(CareGapRule::code)
                .containsExactly(
                        "referral-open",
                        "handoff-unacknowledged",
                        "task-overdue",
                        "careplan-activity-overdue",
                        "careplan-review-overdue",
                        "no-care-coordinator",
                        "fragmented-care-plans",
                        "depression-follow-up-missing",
                        "hba1c-overdue",
                        "post-discharge-follow-up-missing",
                        "conflicting-plans");
        assertThat(CareGapRule.values()).allSatisfy(rule -> {
            assertThat(rule.title()).isNotBlank();
            assertThat(rule.mitigation()).isNotBlank();
        });
    }

    private static Reference ref(Resource resource) {
        return new Reference(resource.getIdElement().getValue());
    }
}
