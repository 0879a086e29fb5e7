package org.carerelay.conflict.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.conflict.rules.ChartBuilder.ICD10;
import static org.carerelay.conflict.rules.ChartBuilder.LOINC;
import static org.carerelay.conflict.rules.ChartBuilder.SNOMED;
import static org.carerelay.conflict.rules.ChartBuilder.below;
import static org.carerelay.conflict.rules.ChartBuilder.rx;
import static org.carerelay.conflict.rules.ChartBuilder.text;

import java.util.Collections;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The edges of each rule that the named scenarios of ConflictRulesTest do not reach, each from both sides. */
class RuleEdgesTest {

    static final String A = "Practitioner/a";
    static final String B = "Practitioner/b";

    @Nested
    class Goals {

        static final String CONFLICT = "conflicting-goals conflicting-goals moderate Goal/goal2 Goal/goal4";

        /** Plan 1 (A) targets HbA1c under 7 %, plan 3 (B) 7-8 %. */
        ChartBuilder underSevenAndSevenToEight() {
            ChartBuilder chart = new ChartBuilder();
            chart.goal(chart.plan(A), "4548-4", below(7, "%"));
            chart.goal(chart.plan(B), "4548-4", 7, 8);
            return chart;
        }

        @Test
        void onlyALiveStartedGoalNamedByAnActivePlanCounts() {
            assertThat(underSevenAndSevenToEight().lines()).containsExactly(CONFLICT);

            ChartBuilder unnamed = underSevenAndSevenToEight();
            unnamed.plans.get(1).getGoal().clear();
            assertThat(unnamed.lines()).isEmpty();

            ChartBuilder noStatus = underSevenAndSevenToEight();
            noStatus.goals.get(1).setLifecycleStatus(null);
            assertThat(noStatus.lines()).isEmpty();

            ChartBuilder proposed = underSevenAndSevenToEight();
            proposed.goals.get(1).setLifecycleStatus(Goal.GoalLifecycleStatus.PROPOSED);
            assertThat(proposed.lines()).isEmpty();

            ChartBuilder accepted = underSevenAndSevenToEight();
            accepted.goals.get(1).setLifecycleStatus(Goal.GoalLifecycleStatus.ACCEPTED);
            assertThat(accepted.lines()).containsExactly(CONFLICT);

            ChartBuilder later = underSevenAndSevenToEight();
            later.goals.get(1).setStart(new DateType("2026-07-01"));
            assertThat(later.lines()).isEmpty();
            later.goals.get(1).setStart(new DateType("2026-06-30"));
            assertThat(later.lines()).containsExactly(CONFLICT);
        }

        @Test
        void theAnswerIsInGoalIdOrderWhateverOrderTheStoreReturned() {
            ChartBuilder chart = underSevenAndSevenToEight();
            Collections.reverse(chart.goals);
            assertThat(chart.lines()).containsExactly(CONFLICT);
        }

        Goal.GoalTargetComponent firstTarget(ChartBuilder chart) {
            return chart.goals.get(0).getTargetFirstRep();
        }

        @Test
        void aTargetOnAnotherMeasureOrWithoutANumberIsNoTarget() {
            ChartBuilder glucose = underSevenAndSevenToEight();
            firstTarget(glucose).setMeasure(new CodeableConcept(new Coding(LOINC, "2345-7", null)));
            assertThat(glucose.lines()).isEmpty();

            ChartBuilder noValue = underSevenAndSevenToEight();
            firstTarget(noValue).setDetail(new Quantity().setUnit("%"));
            assertThat(noValue.lines()).isEmpty();

            ChartBuilder emptyRange = underSevenAndSevenToEight();
            firstTarget(emptyRange)
                    .setDetail(new Range().setLow(new Quantity().setUnit("%")).setHigh(new Quantity().setUnit("%")));
            assertThat(emptyRange.lines()).isEmpty();

            ChartBuilder text = underSevenAndSevenToEight();
            firstTarget(text).setDetail(new CodeableConcept().setText("as low as safely possible"));
            assertThat(text.lines()).isEmpty();
        }

        @Test
        void aRangeOpenAtOneEndIsBoundedOnlyAtTheOther() {
            ChartBuilder lowOnly = underSevenAndSevenToEight();
            firstTarget(lowOnly).setDetail(new Range().setLow(new Quantity(8.5).setUnit("%")));
            assertThat(lowOnly.lines()).containsExactly(CONFLICT);
            assertThat(lowOnly.conflicts().get(0).first().what()).isEqualTo("Hemoglobin A1c >= 8.5 %");

            ChartBuilder highOnly = underSevenAndSevenToEight();
            firstTarget(highOnly).setDetail(new Range().setHigh(new Quantity(6.5).setUnit("%")));
            assertThat(highOnly.lines()).containsExactly(CONFLICT);
            assertThat(highOnly.conflicts().get(0).first().what()).isEqualTo("Hemoglobin A1c <= 6.5 %");

            ChartBuilder highWithoutValue = underSevenAndSevenToEight();
            firstTarget(highWithoutValue)
                    .setDetail(
                            new Range().setLow(new Quantity(8.5).setUnit("%")).setHigh(new Quantity().setUnit("%")));
            assertThat(highWithoutValue.conflicts().get(0).first().what()).isEqualTo("Hemoglobin A1c >= 8.5 %");

            ChartBuilder lowWithoutValue = underSevenAndSevenToEight();
            firstTarget(lowWithoutValue)
                    .setDetail(new Range().setLow(new Quantity().setUnit("%")).setHigh(new Quantity(6.5).setUnit("%")));
            assertThat(lowWithoutValue.conflicts().get(0).first().what()).isEqualTo("Hemoglobin A1c <= 6.5 %");

            ChartBuilder meeting = underSevenAndSevenToEight();
            firstTarget(meeting).setDetail(new Range().setHigh(new Quantity(7).setUnit("%")));
            assertThat(meeting.lines()).isEmpty();
        }

        @Test
        void aValueIsReadInItsUnitOrCodeAndWithoutOneInTheUnitItsMeasureReports() {
            ChartBuilder exact = underSevenAndSevenToEight();
            firstTarget(exact).setDetail(new Quantity(6.5).setUnit(" % "));
            assertThat(exact.lines()).containsExactly(CONFLICT);
            assertThat(exact.conflicts().get(0).first().what()).isEqualTo("Hemoglobin A1c 6.5 %");

            ChartBuilder byCode = underSevenAndSevenToEight();
            firstTarget(byCode).setDetail(new Quantity(6.5).setCode("%").setUnit("percent"));
            assertThat(byCode.lines()).containsExactly(CONFLICT);

            ChartBuilder noUnit = underSevenAndSevenToEight();
            firstTarget(noUnit).setDetail(new Quantity(6.5));
            assertThat(noUnit.lines()).containsExactly(CONFLICT);

            ChartBuilder blankUnit = underSevenAndSevenToEight();
            firstTarget(blankUnit).setDetail(new Quantity(6.5).setUnit(" "));
            assertThat(blankUnit.lines()).containsExactly(CONFLICT);

            ChartBuilder otherUnit = underSevenAndSevenToEight();
            firstTarget(otherUnit).setDetail(new Quantity(6.5).setUnit("mg/dL"));
            assertThat(otherUnit.lines()).isEmpty();

            // 59261-8 reports mmol/mol: 48 without a unit is 48 * 0.09148 + 2.152 = 6.54 %
            ChartBuilder converted = underSevenAndSevenToEight();
            firstTarget(converted).setMeasure(new CodeableConcept(new Coding(LOINC, "59261-8", null)));
            firstTarget(converted).setDetail(new Quantity(48));
            assertThat(converted.lines()).containsExactly(CONFLICT);
            assertThat(converted.conflicts().get(0).first().what()).isEqualTo("Hemoglobin A1c 6.54 %");

            // and 53 mmol/mol (7.0 %) meets 7-8 %
            firstTarget(converted).setDetail(new Quantity(53));
            assertThat(converted.lines()).isEmpty();

            // a % unit on the converted code is taken as %
            firstTarget(converted).setDetail(new Quantity(6.5).setUnit("%"));
            assertThat(converted.lines()).containsExactly(CONFLICT);
        }
    }

    @Nested
    class Prohibited {

        static final String STRETCHING = "229070002";

        ServiceRequest request(ChartBuilder chart, CodeableConcept code) {
            ServiceRequest request = new ServiceRequest()
                    .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                    .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                    .setCode(code);
            request.setId(chart.id("sr"));
            chart.serviceRequests.add(request);
            return request;
        }

        /** Plan 1 (A) prohibits stretching; plan 2 (B) names a ServiceRequest for it without a requester. */
        ChartBuilder stretching() {
            ChartBuilder chart = new ChartBuilder();
            chart.plan(A)
                    .addActivity()
                    .getDetail()
                    .setDoNotPerform(true)
                    .setCode(new CodeableConcept(new Coding(SNOMED, STRETCHING, "Stretching exercises")));
            ServiceRequest request =
                    request(chart, new CodeableConcept(new Coding(SNOMED, STRETCHING, "Stretching (regime)")));
            chart.plan(B).addActivity().setReference(new Reference("ServiceRequest/" + request.getIdPart()));
            return chart;
        }

        static final String ORDERED =
                "prohibited-vs-ordered prohibited-vs-ordered high CarePlan/plan1 ServiceRequest/sr2";

        @Test
        void anActiveServiceRequestByCodeWhoseAuthorIsThePlansWithoutARequester() {
            ChartBuilder chart = stretching();
            assertThat(chart.lines()).containsExactly(ORDERED);
            Conflict conflict = chart.conflicts().get(0);
            assertThat(conflict.second().authorKey()).isEqualTo(B);
            assertThat(conflict.second().plan()).isEqualTo("CarePlan/plan3");
            assertThat(conflict.first().what()).isEqualTo("Stretching exercises (activity 1)");
            assertThat(conflict.detail())
                    .isEqualTo(conflict.sources().get(0).shortName()
                            + ": not to be done: Stretching exercises (activity 1) (CarePlan/plan1) by Practitioner/a in CarePlan/plan1; ordered: Stretching (regime)"
                            + " (ServiceRequest/sr2) by Practitioner/b in CarePlan/plan3. Suggested action: "
                            + conflict.action() + ".");
        }

        @Test
        void aServiceRequestThatIsNotAnActiveOrderForTheDayIsNone() {
            ChartBuilder notToDo = stretching();
            notToDo.serviceRequests.get(0).setDoNotPerform(true);
            assertThat(notToDo.lines()).isEmpty();

            ChartBuilder draft = stretching();
            draft.serviceRequests.get(0).setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
            assertThat(draft.lines()).isEmpty();

            ChartBuilder later = stretching();
            later.serviceRequests.get(0).setAuthoredOnElement(new DateTimeType("2026-07-01"));
            assertThat(later.lines()).isEmpty();
            later.serviceRequests.get(0).setAuthoredOnElement(new DateTimeType("2026-06-30"));
            assertThat(later.lines()).containsExactly(ORDERED);

            ChartBuilder uncoded = stretching();
            uncoded.serviceRequests.get(0).setCode(null);
            assertThat(uncoded.lines()).isEmpty();
        }

        /** Plan 1 (A) prohibits stretching; plan 2 (B) has it as an activity of its own. */
        ChartBuilder stretchingInTwoPlans(boolean secondProhibits, CarePlan.CarePlanActivityStatus status) {
            ChartBuilder chart = new ChartBuilder();
            CodeableConcept code = new CodeableConcept(new Coding(SNOMED, STRETCHING, "Stretching exercises"));
            chart.plan(A).addActivity().getDetail().setDoNotPerform(true).setCode(code);
            chart.plan(B)
                    .addActivity()
                    .getDetail()
                    .setDoNotPerform(secondProhibits)
                    .setStatus(status)
                    .setCode(code.copy());
            return chart;
        }

        @Test
        void anotherPlansLiveActivityIsAnOrder() {
            assertThat(stretchingInTwoPlans(false, CarePlan.CarePlanActivityStatus.INPROGRESS)
                            .lines())
                    .containsExactly("prohibited-vs-ordered prohibited-vs-ordered high CarePlan/plan1 CarePlan/plan2");
            assertThat(stretchingInTwoPlans(false, CarePlan.CarePlanActivityStatus.COMPLETED)
                            .lines())
                    .isEmpty();
            assertThat(stretchingInTwoPlans(true, null).lines()).isEmpty();
        }

        @Test
        void anEndedProhibitionOrOneThatNamesNothingProhibitsNothing() {
            ChartBuilder ended = stretching();
            ended.plans.get(0).getActivityFirstRep().getDetail().setStatus(CarePlan.CarePlanActivityStatus.CANCELLED);
            assertThat(ended.lines()).isEmpty();

            ChartBuilder nothing = stretching();
            nothing.plans.get(0).getActivityFirstRep().getDetail().setCode(null);
            assertThat(nothing.lines()).isEmpty();
        }

        @Test
        void aPlanThatProhibitsWhatItOrdersItselfIsNotInConflictWithItself() {
            ChartBuilder chart = new ChartBuilder();
            CarePlan plan = chart.plan(A);
            plan.addActivity().getDetail().setDoNotPerform(true).setProduct(rx("5640", "ibuprofen"));
            chart.order(rx("310965", "Ibuprofen 200 MG Oral Tablet"), B, plan);
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void aCodedProductOutweighsAMatchOfWordsOnTheSameActivity() {
            ChartBuilder chart = new ChartBuilder();
            chart.plan(A)
                    .addActivity()
                    .getDetail()
                    .setDoNotPerform(true)
                    .setCode(text("no ibuprofen"))
                    .setProduct(rx("5640", "ibuprofen"));
            chart.order(rx("310965", "Ibuprofen 200 MG Oral Tablet"), B);
            assertThat(chart.lines())
                    .containsExactly(
                            "prohibited-vs-ordered prohibited-vs-ordered high CarePlan/plan1 MedicationRequest/mr2");
            assertThat(chart.conflicts().get(0).first().what()).isEqualTo("no ibuprofen (activity 1)");
        }

        ChartBuilder prohibitedAndOrdered(CodeableConcept prohibited, CodeableConcept ordered) {
            ChartBuilder chart = new ChartBuilder();
            chart.plan(A).addActivity().getDetail().setDoNotPerform(true).setCode(prohibited);
            request(chart, ordered).setRequester(new Reference(B));
            return chart;
        }

        static final String BY_WORDS =
                "prohibited-vs-ordered prohibited-vs-ordered high CarePlan/plan1 ServiceRequest/sr2 text-only";

        @Test
        void theSameCodeInAnotherSystemOrACodingWithoutCodeOrSystemIsNoMatch() {
            assertThat(prohibitedAndOrdered(
                                    new CodeableConcept(new Coding(SNOMED, STRETCHING, "Stretching")),
                                    new CodeableConcept(new Coding(LOINC, STRETCHING, "A lab test")))
                            .lines())
                    .isEmpty();
            assertThat(prohibitedAndOrdered(
                                    new CodeableConcept(new Coding(SNOMED, null, "Stretching")),
                                    new CodeableConcept(new Coding(SNOMED, null, "Yoga")))
                            .lines())
                    .isEmpty();
            assertThat(prohibitedAndOrdered(
                                    new CodeableConcept(new Coding(null, STRETCHING, "Stretching")),
                                    new CodeableConcept(new Coding(null, STRETCHING, "Yoga")))
                            .lines())
                    .isEmpty();
            // two concepts with nothing to show are not the same words
            assertThat(prohibitedAndOrdered(
                                    new CodeableConcept(new Coding(SNOMED, null, null)),
                                    new CodeableConcept(new Coding(SNOMED, null, null)))
                            .lines())
                    .isEmpty();
        }

        @Test
        void oneIngredientByCodeIsAMatchAndTwoAreNot() {
            assertThat(prohibitedAndOrdered(rx("5640", "ibuprofen"), rx("310965", "Ibuprofen 200 MG Oral Tablet"))
                            .lines())
                    .containsExactly(
                            "prohibited-vs-ordered prohibited-vs-ordered high CarePlan/plan1 ServiceRequest/sr2");
            assertThat(prohibitedAndOrdered(rx("5640", "ibuprofen"), rx("7258", "naproxen"))
                            .lines())
                    .isEmpty();
        }

        @Test
        void oneIngredientNamedInWordsIsALowerConfidenceMatch() {
            assertThat(prohibitedAndOrdered(text("naproxen tablets"), text("Naproxen sodium 220 mg"))
                            .lines())
                    .containsExactly(BY_WORDS);
            assertThat(prohibitedAndOrdered(text(" Resistance Exercise"), text("resistance exercise "))
                            .lines())
                    .containsExactly(BY_WORDS);
            assertThat(prohibitedAndOrdered(text("naproxen tablets"), text("ibuprofen tablets"))
                            .lines())
                    .isEmpty();
            // a member known by its name only (no RxNorm code) names no ingredient to compare
            assertThat(prohibitedAndOrdered(text("no clorazepate"), text("clorazepate 7.5 mg"))
                            .lines())
                    .isEmpty();
        }
    }

    @Nested
    class DrugDisease {

        @Test
        void theSummarySaysTheEgfrLimitTheAgeAndTheSex() {
            ChartBuilder ckd = new ChartBuilder();
            ckd.condition(ICD10, "N18.4", A);
            ckd.order(rx("7258", "naproxen"), B);
            assertThat(ckd.conflicts().get(0).summary())
                    .isEqualTo(
                            "naproxen (MedicationRequest/mr2) by Practitioner/b with N18.4 (Condition/cond1) by Practitioner/a: Nonsteroidal anti-inflammatory drugs"
                                    + " contraindicated by ckd-stage-4-5 or eGFR under 30");

            ChartBuilder hf = new ChartBuilder();
            hf.condition(ICD10, "I50.9", A);
            hf.order(rx("7258", "naproxen"), B);
            assertThat(hf.conflicts().get(0).summary())
                    .endsWith(": Nonsteroidal anti-inflammatory drugs contraindicated by heart-failure");

            ChartBuilder incontinence = new ChartBuilder().born("1950-01-01");
            incontinence.patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
            incontinence.condition(ICD10, "N39.3", A);
            incontinence.order(rx("4083", "estradiol"), B);
            assertThat(incontinence.conflicts())
                    .singleElement()
                    .satisfies(c -> assertThat(c.summary())
                            .endsWith(" contraindicated by urinary-incontinence at age 65 or older (female)"));
        }

        @Test
        void theLatestEgfrIsFinalCodedWithANumberAndTakenByTheDay() {
            ChartBuilder chart = new ChartBuilder();
            chart.egfr("2026-01-10", 25);
            Observation preliminary = chart.egfr("2026-02-10", 45);
            preliminary.setStatus(Observation.ObservationStatus.PRELIMINARY);
            Observation noStatus = chart.egfr("2026-03-10", 45);
            noStatus.setStatus(null);
            Observation otherCode = chart.egfr("2026-04-10", 45);
            otherCode.setCode(new CodeableConcept(new Coding(LOINC, "2160-0", null)));
            Observation noNumber = chart.egfr("2026-05-10", 45);
            noNumber.setValue(new CodeableConcept().setText(">60"));
            Observation later = chart.egfr("2026-07-01", 45);
            chart.order(rx("5640", "ibuprofen"), B);
            assertThat(chart.lines())
                    .containsExactly("drug-disease dd-nsaid-ckd-4-5 high MedicationRequest/mr7 Observation/obs1");
            assertThat(chart.conflicts().get(0).second().what()).isEqualTo("latest eGFR 25 mL/min/1.73m2");
            assertThat(chart.conflicts().get(0).second().author()).isNull();

            later.setEffective(new DateTimeType("2026-06-30"));
            assertThat(chart.lines()).isEmpty();
            later.setStatus(Observation.ObservationStatus.AMENDED).setEffective(new DateTimeType("2026-06-01"));
            later.setValue(new Quantity(29.5)).addPerformer(new Reference("Organization/lab"));
            assertThat(chart.lines())
                    .containsExactly("drug-disease dd-nsaid-ckd-4-5 high MedicationRequest/mr7 Observation/obs6");
            assertThat(chart.conflicts().get(0).second().what()).isEqualTo("latest eGFR 29.5 mL/min/1.73m2");
            assertThat(chart.conflicts().get(0).second().authorKey()).isEqualTo("Organization/lab");
        }

        @Test
        void anEgfrTakenOverAPeriodIsDatedByItsStart() {
            ChartBuilder chart = new ChartBuilder();
            chart.egfr("2026-03-10", 45);
            Observation low = chart.egfr("2026-01-10", 25);
            low.setEffective(new Period().setStartElement(new DateTimeType("2026-04-01")));
            chart.order(rx("5640", "ibuprofen"), B);
            assertThat(chart.lines())
                    .containsExactly("drug-disease dd-nsaid-ckd-4-5 high MedicationRequest/mr3 Observation/obs2");
            low.setEffective(new Period().setStartElement(new DateTimeType("2026-02-01")));
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void aNonDihydropyridineBlockerWithAConditionOtherThanHeartFailureIsClean() {
            ChartBuilder chart = new ChartBuilder();
            chart.condition(ICD10, "I10", A);
            chart.order(rx("897718", "Verapamil Hydrochloride 40 MG"), B);
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void aNyhaClassObservedAfterTheDayOrWithAnotherValueIsNotRead() {
            ChartBuilder chart = new ChartBuilder();
            chart.condition(SNOMED, "84114007", A);
            chart.order(rx("233698", "dronedarone"), B);
            chart.nyha("2026-07-01", "422293003");
            Observation other = chart.nyha("2026-06-01", "422293003");
            other.setValue(new CodeableConcept(new Coding(SNOMED, "1234", null)));
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-disease dd-dronedarone-heart-failure moderate MedicationRequest/mr2 Condition/cond1");
            assertThat(chart.conflicts().get(0).note()).isEqualTo("NYHA class not recorded");
        }

        @Test
        void onlyAStayOfTheRulesClassesCountsAndTheLatestIsNamed() {
            ChartBuilder chart = new ChartBuilder();
            chart.condition(SNOMED, "84114007", A);
            chart.order(rx("233698", "dronedarone"), B);
            chart.stay("IMP", "2026-06-01", "2026-06-05", chart.conditions.get(0));
            chart.stay("IMP", "2026-06-10", "2026-06-12", chart.conditions.get(0));
            chart.stay("IMP", "2026-06-06", "2026-06-08", chart.conditions.get(0));
            assertThat(chart.conflicts().get(0).note())
                    .isEqualTo("NYHA class not recorded; recent decompensation: hospital stay for heart-failure,"
                            + " ended 2026-06-12 (Encounter/enc4)");
            chart.stay("IMP", "2026-06-20", null, chart.conditions.get(0))
                    .setClass_(new Coding("http://example.org/classes", "IMP", null));
            assertThat(chart.conflicts().get(0).note()).endsWith("ended 2026-06-12 (Encounter/enc4)");
            chart.stay("IMP", "2026-06-20", null, chart.conditions.get(0));
            assertThat(chart.conflicts().get(0).note()).endsWith("not ended (Encounter/enc7)");
        }
    }
}
