package org.carerelay.caregap.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.caregap.rules.GapScenario.absent;

import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Records in shapes valid R4 allows and the rules once tripped over or misread: values replaced by a data-absent-reason,
 * dates missing or open-ended, codings without codes, resources without ids, references without a reference string.
 * What a rule cannot read is no evidence, and where that matters the gap names it.
 */
class UnreadableValuesTest {

    private static final String DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    private final GapScenario given = new GapScenario();

    @Nested
    class Patients {
        @Test
        void deathDateWithoutAValueIsNoDeath() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.patient.setDeceased(absent(new DateTimeType()));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).containsExactly(referral));
        }

        @Test
        void deceasedFlagWithoutAValueIsNoDeath() {
            given.referral("2026-05-01");
            given.patient.setDeceased(absent(new BooleanType()));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).hasSize(1);
        }

        @Test
        void activeFlagWithoutAValueDoesNotRetireThePatient() {
            given.referral("2026-05-01");
            given.patient.setActiveElement(absent(new BooleanType()));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).hasSize(1);
        }
    }

    @Nested
    class Referrals {
        @Test
        void referralWithNeitherNameNorIdIsCalledUnnamed() {
            given.referral("2026-05-01").setCode(null).setId((String) null);
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .extracting(Gap::message)
                    .containsExactly(
                            "Referral (unnamed) has been open for more than 30 days with no completed task or result");
        }

        @Test
        void referralIsNamedByTheFirstDisplayAmongItsCodings() {
            given.referral("2026-05-01")
                    .setCode(new CodeableConcept()
                            .addCoding(new Coding(GapSettings.SNOMED, "3457005", null))
                            .addCoding(new Coding(GapSettings.SNOMED, "3457005", "Patient referral")));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .extracting(Gap::message)
                    .containsExactly("Referral 'Patient referral' has been open for more than 30 days with no"
                            + " completed task or result");
        }

        @Test
        void referencesWithoutAReferenceStringFulfilNothing() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.task(Task.TaskStatus.COMPLETED, "2026-05-02")
                    .setFocus(new Reference().setReferenceElement(absent(new StringType())))
                    .addBasedOn(new Reference().setIdentifier(new Identifier().setValue("order-7")));
            given.encounter("AMB", "2026-05-10", "2026-05-10").addBasedOn(new Reference().setDisplay("the referral"));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).containsExactly(referral));
        }

        @Test
        void reportWithAnUnreadableDateIsDatedByItsIssue() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.report(new Reference(referral.getIdElement().getValue()))
                    .setEffective(absent(new DateTimeType()))
                    .setIssuedElement(new InstantType("2026-07-02T09:00:00Z"));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).hasSize(1);
        }

        @Test
        void procedureDoneAtAnAgeIsUndatedAndCounts() {
            ServiceRequest referral = given.referral("2026-05-01");
            given.procedure(new Reference(referral.getIdElement().getValue()))
                    .setPerformed(new Age().setValue(40).setUnit("a"));
            assertThat(given.gaps(CareGapRule.REFERRAL_OPEN)).isEmpty();
        }

        @Test
        void taskDescriptionWithoutAValueIsLeftOut() {
            given.task(Task.TaskStatus.INPROGRESS, "2026-06-01")
                    .setDescriptionElement(absent(new StringType()))
                    .getRestriction()
                    .getPeriod()
                    .setEndElement(new DateTimeType("2026-06-29"));
            assertThat(given.gaps(CareGapRule.TASK_OVERDUE))
                    .extracting(Gap::message)
                    .containsExactly("Task was due 2026-06-29 and is still in-progress");
        }
    }

    @Nested
    class CarePlans {
        private CarePlan.CarePlanActivityDetailComponent overdueActivity(CarePlan plan) {
            return plan.addActivity()
                    .getDetail()
                    .setStatus(CarePlanActivityStatus.NOTSTARTED)
                    .setScheduled(new Period().setEndElement(new DateTimeType("2026-06-15")));
        }

        @Test
        void activityWithoutTextIsNamedByACodingDisplay() {
            overdueActivity(given.plan("Practitioner/a"))
                    .setCode(new CodeableConcept()
                            .addCoding(new Coding(GapSettings.SNOMED, "91251008", null))
                            .addCoding(new Coding(GapSettings.SNOMED, "91251008", "Physical therapy procedure")));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE))
                    .extracting(Gap::message)
                    .containsExactly("Care plan activity 'Physical therapy procedure' was to be done by 2026-06-15"
                            + " and has not started");
        }

        @Test
        void activityWithOnlyACodeIsNamedByIt() {
            overdueActivity(given.plan("Practitioner/a"))
                    .getCode()
                    .addCoding(new Coding(GapSettings.SNOMED, null, null))
                    .addCoding(new Coding(GapSettings.SNOMED, "91251008", null));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE))
                    .extracting(Gap::message)
                    .containsExactly("Care plan activity '91251008' was to be done by 2026-06-15 and has not started");
        }

        @Test
        void activityWithoutAnyNameIsUnnamed() {
            overdueActivity(given.plan("Practitioner/a"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE))
                    .extracting(Gap::message)
                    .containsExactly("Care plan activity (unnamed) was to be done by 2026-06-15 and has not started");
        }

        @Test
        void scheduleWithoutAnEndValueHasNoEnd() {
            CarePlan plan = given.plan("Practitioner/a");
            plan.addActivity()
                    .getDetail()
                    .setStatus(CarePlanActivityStatus.NOTSTARTED)
                    .setScheduled(new Period().setEndElement(absent(new DateTimeType())));
            plan.addActivity()
                    .getDetail()
                    .setStatus(CarePlanActivityStatus.SCHEDULED)
                    .setScheduled(new StringType("every morning"));
            Timing events = new Timing();
            events.addEventElement().setValueAsString("2026-06-01");
            plan.addActivity()
                    .getDetail()
                    .setStatus(CarePlanActivityStatus.NOTSTARTED)
                    .setScheduled(events);
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }

        @Test
        void taskWithoutAnIdIsNoActivitysTask() {
            Task task = given.task(Task.TaskStatus.INPROGRESS, "2026-06-01");
            task.setId((String) null);
            task.getRestriction().getPeriod().setEndElement(new DateTimeType("2026-06-29"));
            CarePlan plan = given.plan("Practitioner/a");
            plan.addActivity();
            plan.addActivity().setReference(new Reference("Task/1"));
            assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).isEmpty();
        }

        @Test
        void plansWithoutIdsByDifferentAuthorsAreFragmented() {
            CarePlan cardiology = given.plan("Practitioner/cardiology");
            cardiology.setId((String) null);
            CarePlan psychiatry = given.plan("Practitioner/psychiatry");
            psychiatry.setId((String) null);
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).containsExactly(cardiology, psychiatry));
        }

        @Test
        void authorWithoutAReferenceStringIsNoAuthor() {
            given.plan("Practitioner/cardiology");
            given.plan("Practitioner/x").setAuthor(new Reference().setReferenceElement(absent(new StringType())));
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS)).isEmpty();
        }

        @Test
        void planWithAnUnreadableCreationDateIsDatedByItsPeriod() {
            given.plan("Practitioner/cardiology");
            CarePlan later = given.plan("Practitioner/psychiatry").setCreatedElement(absent(new DateTimeType()));
            later.getPeriod().setStartElement(new DateTimeType("2026-07-05"));
            assertThat(given.gaps(CareGapRule.FRAGMENTED_CARE_PLANS)).isEmpty();
        }

        @Test
        void planEndWithoutAValueFallsBackToTheLastUpdate() {
            given.plan("Practitioner/a").getPeriod().setEndElement(absent(new DateTimeType()));
            assertThat(given.gaps(CareGapRule.CAREPLAN_REVIEW_OVERDUE)).isEmpty();
        }
    }

    @Nested
    class ChronicConditions {
        @Test
        void clinicalStatusWithoutACodeIsNotActive() {
            given.condition(GapSettings.SNOMED, "44054006");
            given.condition(GapSettings.ICD10CM, "I50.9")
                    .getClinicalStatus()
                    .getCodingFirstRep()
                    .setCodeElement(absent(new CodeType()));
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR)).isEmpty();
        }

        @Test
        void conditionsCountByTheCodingThatMatchesNotByTheFirst() {
            given.condition(GapSettings.SNOMED, "44054006")
                    .getCode()
                    .getCoding()
                    .add(0, new Coding("urn:example:local", null, "sugar"));
            given.condition(GapSettings.ICD10CM, "I10")
                    .getCode()
                    .getCoding()
                    .add(0, new Coding("urn:example:local", null, "blood pressure"));
            assertThat(given.gaps(CareGapRule.NO_CARE_COORDINATOR))
                    .extracting(Gap::message)
                    .containsExactly("2 active chronic conditions and no care coordinator on an active care team");
        }

        @Test
        void conditionWithAnUnreadableOnsetIsDatedByWhenItWasRecorded() {
            given.condition(GapSettings.SNOMED, "44054006")
                    .setOnset(absent(new DateTimeType()))
                    .setRecordedDateElement(new DateTimeType("2026-07-10"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).isEmpty();
        }

        @Test
        void conditionWithAnOnsetPeriodIsDatedByItsStart() {
            given.condition(GapSettings.SNOMED, "44054006")
                    .setOnset(new Period().setStartElement(new DateTimeType("2026-07-10")));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).isEmpty();
        }

        @Test
        void conditionWithAnOnsetAgeAndNoOtherDateCounts() {
            given.condition(GapSettings.SNOMED, "44054006")
                    .setOnset(new Age().setValue(40).setUnit("a"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).hasSize(1);
        }
    }

    @Nested
    class DepressionScreens {
        private Observation notAnswered(String effective) {
            Observation screen =
                    given.observation(ChronicCareGaps.PHQ9_TOTAL, 0, effective).setValue(null);
            screen.getDataAbsentReason().addCoding(new Coding(DATA_ABSENT, "asked-declined", null));
            return screen;
        }

        @Test
        void loincCodingWithoutACodeIsNoScreen() {
            Observation screen = given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 8, "2026-05-20")
                    .getCode()
                    .getCodingFirstRep()
                    .setCodeElement(absent(new CodeType()));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(screen);
                        assertThat(gap.message())
                                .isEqualTo("PHQ-9 of 14 with no repeat screen within 30 days and no plan or referral"
                                        + " for depression");
                    });
        }

        @Test
        void scoreWithAComparatorIsNoScore() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01")
                    .setValue(new Quantity(14).setComparator(Quantity.QuantityComparator.GREATER_OR_EQUAL));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void repeatWithoutAScoreIsNoRepeatAndIsNamed() {
            Observation screen = given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            Observation declined = notAnswered("2026-05-20");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(screen, declined);
                        assertThat(gap.message())
                                .isEqualTo("PHQ-9 of 14 with no repeat screen within 30 days and no plan or referral"
                                        + " for depression; 1 PHQ-9 without a date or a score does not count");
                    });
        }

        @Test
        void undatedScreensAreNamedToo() {
            Observation screen = given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            Observation declined = notAnswered("2026-05-20");
            Observation undated = given.observation(ChronicCareGaps.PHQ9_TOTAL, 6, "2026-05-25")
                    .setEffective(null);
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(screen, declined, undated);
                        assertThat(gap.message()).endsWith("; 2 PHQ-9 without a date or a score do not count");
                    });
        }

        @Test
        void unansweredScreenAfterTheWindowIsNotNamed() {
            Observation screen = given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            notAnswered("2026-06-10");
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING))
                    .singleElement()
                    .satisfies(gap -> {
                        assertThat(gap.evidence()).containsExactly(screen);
                        assertThat(gap.message()).endsWith("no plan or referral for depression");
                    });
        }

        @Test
        void screenDatedByAPeriodOpenAtTheStartCountsAtItsEnd() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01")
                    .setEffective(new Period().setEndElement(new DateTimeType("2026-05-01")));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void planAddressingAConditionByIdentifierDoesNotCloseIt() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            given.condition(GapSettings.SNOMED, "35489007").setId((String) null);
            given.plan("Practitioner/a").addAddresses(new Reference().setIdentifier(new Identifier().setValue("d1")));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void planAddressingAVersionOfTheDepressionClosesIt() {
            given.observation(ChronicCareGaps.PHQ9_TOTAL, 14, "2026-05-01");
            Condition depression = given.condition(GapSettings.SNOMED, "35489007");
            given.plan("Practitioner/a")
                    .addAddresses(new Reference(depression.getIdElement().getValue() + "/_history/2"));
            assertThat(given.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).isEmpty();
        }
    }

    @Nested
    class Hba1c {
        private Condition diabetes;

        private Observation notPerformed(String effective) {
            Observation test = given.observation("4548-4", 0, effective).setValue(null);
            test.getDataAbsentReason().addCoding(new Coding(DATA_ABSENT, "not-performed", null));
            return test;
        }

        private void givenDiabetes() {
            diabetes = given.condition(GapSettings.SNOMED, "44054006");
        }

        @Test
        void testWithoutAResultClosesNothingAndIsNamed() {
            givenDiabetes();
            Observation last = given.observation("4548-4", 7.1, "2025-12-31T11:00:00Z");
            Observation skipped = notPerformed("2026-05-01");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).singleElement().satisfies(gap -> {
                assertThat(gap.evidence()).containsExactly(diabetes, last, skipped);
                assertThat(gap.message())
                        .isEqualTo("Active diabetes and no HbA1c since 2025-12-31T11:00:00Z (more than 180 days); 1"
                                + " HbA1c without a date or a result does not count");
            });
        }

        @Test
        void testWithoutAResultLongAgoIsNotNamed() {
            givenDiabetes();
            notPerformed("2025-06-01");
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).singleElement().satisfies(gap -> {
                assertThat(gap.evidence()).containsExactly(diabetes);
                assertThat(gap.message()).isEqualTo("Active diabetes and no HbA1c on record");
            });
        }

        @Test
        void quantityWithoutANumberIsNoResult() {
            givenDiabetes();
            given.observation("4548-4", 0, "2026-05-01").setValue(new Quantity().setUnit("%"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).hasSize(1);
        }

        @Test
        void textWithoutAValueIsNoResult() {
            givenDiabetes();
            given.observation("4548-4", 0, "2026-05-01").setValue(absent(new StringType()));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).hasSize(1);
        }

        @Test
        void resultWrittenAsTextIsAResult() {
            givenDiabetes();
            given.observation("4548-4", 0, "2026-05-01").setValue(new StringType("7.1 %"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).isEmpty();
        }

        @Test
        void resultCodedAsAConceptIsAResult() {
            givenDiabetes();
            given.observation("4548-4", 0, "2026-05-01").setValue(new CodeableConcept().setText("above target"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).isEmpty();
        }

        @Test
        void testTimedByAPeriodOpenAtTheStartIsNamedByItsEnd() {
            givenDiabetes();
            given.observation("4548-4", 7.1, "2025-12-31")
                    .setEffective(new Period().setEndElement(new DateTimeType("2025-12-30")));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE))
                    .extracting(Gap::message)
                    .containsExactly("Active diabetes and no HbA1c since 2025-12-30 (more than 180 days)");
        }

        @Test
        void testWithAnUnreadableDateIsDatedByItsIssue() {
            givenDiabetes();
            given.observation("4548-4", 7.1, "2025-12-31")
                    .setEffective(absent(new DateTimeType()))
                    .setIssuedElement(new InstantType("2025-12-30T08:15:00Z"));
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE))
                    .extracting(Gap::message)
                    .containsExactly("Active diabetes and no HbA1c since 2025-12-30T08:15:00Z (more than 180 days)");
        }

        @Test
        void testTimedOnlyByATimingIsUndated() {
            givenDiabetes();
            Timing timing = new Timing();
            timing.getCode().setText("QD");
            Observation test = given.observation("4548-4", 7.1, "2026-05-01").setEffective(timing);
            assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).singleElement().satisfies(gap -> {
                assertThat(gap.evidence()).containsExactly(diabetes, test);
                assertThat(gap.message())
                        .isEqualTo("Active diabetes and no HbA1c on record; 1 HbA1c without a date or a result does"
                                + " not count");
            });
        }
    }

    @Nested
    class Transitions {
        @Test
        void encounterClassWithoutACodeIsNeitherStayNorFollowUp() {
            Encounter stay = given.encounter("IMP", "2026-06-01", "2026-06-05");
            given.encounter("AMB", "2026-06-08", "2026-06-08")
                    .getClass_()
                    .setCodeElement(absent(new CodeType()))
                    .setDisplay("ambulatory");
            given.encounter("IMP", "2026-05-01", "2026-05-05").setClass_(new Coding().setDisplay("inpatient"));
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap.evidence()).containsExactly(stay));
        }

        @Test
        void followUpOpenAtTheStartIsDatedByItsEnd() {
            given.encounter("IMP", "2026-06-01", "2026-06-05");
            given.encounter("AMB", "2026-06-08", "2026-06-08").getPeriod().setStartElement(null);
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING)).isEmpty();
        }

        @Test
        void followUpWithoutDatesIsNone() {
            given.encounter("IMP", "2026-06-01", "2026-06-05");
            given.encounter("VR", "2026-06-08", "2026-06-08").setPeriod(null);
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING)).hasSize(1);
        }

        @Test
        void stayWithoutADischargeDateIsNoDischarge() {
            given.encounter("IMP", "2026-06-01", "2026-06-05").getPeriod().setEndElement(absent(new DateTimeType()));
            assertThat(given.gaps(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING)).isEmpty();
        }
    }
}
