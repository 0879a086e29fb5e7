package org.carerelay.conflict.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.conflict.rules.ChartBuilder.ICD10;
import static org.carerelay.conflict.rules.ChartBuilder.rx;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** What of the record counts on the day: plans, activities, statements, conditions, contained medications. */
class ChartTest {

    static final String A = "Practitioner/a";
    static final String B = "Practitioner/b";
    static final String SIMVASTATIN_WITH_CLARITHROMYCIN =
            "drug-drug ddi-statin-cyp3a4 high CarePlan/plan1 MedicationRequest/mr2";

    /** Plan 1 (by A) names simvastatin as its product; B orders clarithromycin. */
    static ChartBuilder simvastatinActivity(CarePlan.CarePlanActivityStatus status) {
        ChartBuilder chart = new ChartBuilder();
        CarePlan plan = chart.plan(A);
        plan.addActivity().getDetail().setStatus(status).setProduct(rx("36567", "simvastatin"));
        chart.order(rx("21212", "clarithromycin"), B);
        return chart;
    }

    @Test
    void anEndedActivityIsNoLongerPartOfThePlan() {
        assertThat(simvastatinActivity(CarePlan.CarePlanActivityStatus.INPROGRESS)
                        .lines())
                .containsExactly(SIMVASTATIN_WITH_CLARITHROMYCIN);
        assertThat(simvastatinActivity(CarePlan.CarePlanActivityStatus.SCHEDULED)
                        .lines())
                .containsExactly(SIMVASTATIN_WITH_CLARITHROMYCIN);
        assertThat(simvastatinActivity(CarePlan.CarePlanActivityStatus.COMPLETED)
                        .lines())
                .isEmpty();
        assertThat(simvastatinActivity(CarePlan.CarePlanActivityStatus.STOPPED).lines())
                .isEmpty();
        assertThat(simvastatinActivity(CarePlan.CarePlanActivityStatus.CANCELLED)
                        .lines())
                .isEmpty();
    }

    @Test
    void anActivityIsNamedByItsPlaceInThePlanCountedFromOne() {
        ChartBuilder chart = simvastatinActivity(null);
        assertThat(chart.conflicts().get(0).first().what()).isEqualTo("simvastatin (activity 1)");
        assertThat(chart.conflicts().get(0).first().plan()).isEqualTo("CarePlan/plan1");
        assertThat(chart.conflicts().get(0).first().authorKey()).isEqualTo(A);
    }

    @Test
    void aPlanThatBeginsAfterTheDayDoesNotCountYet() {
        ChartBuilder later = simvastatinActivity(null);
        later.plans.get(0).getPeriod().setStartElement(new DateTimeType("2026-07-01"));
        assertThat(later.lines()).isEmpty();
        ChartBuilder today = simvastatinActivity(null);
        today.plans.get(0).getPeriod().setStartElement(new DateTimeType("2026-06-30"));
        assertThat(today.lines()).containsExactly(SIMVASTATIN_WITH_CLARITHROMYCIN);
        ChartBuilder createdLater = simvastatinActivity(null);
        createdLater.plans.get(0).setCreatedElement(new DateTimeType("2026-07-01"));
        assertThat(createdLater.lines()).isEmpty();
        ChartBuilder draft = simvastatinActivity(null);
        draft.plans.get(0).setStatus(CarePlan.CarePlanStatus.DRAFT);
        assertThat(draft.lines()).isEmpty();
    }

    MedicationStatement statement(ChartBuilder chart, CodeableConcept drug) {
        MedicationStatement statement = new MedicationStatement()
                .setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                .setMedication(drug);
        statement.setId(chart.id("ms"));
        chart.statements.add(statement);
        return statement;
    }

    @Test
    void aStatementsAuthorIsThePlansAuthorElseItsInformationSource() {
        ChartBuilder chart = new ChartBuilder();
        chart.order(rx("21212", "clarithromycin"), B);
        MedicationStatement simvastatin = statement(chart, rx("36567", "simvastatin"));
        simvastatin.setInformationSource(new Reference("Patient/p1"));
        assertThat(chart.lines())
                .containsExactly("drug-drug ddi-statin-cyp3a4 high MedicationStatement/ms2 MedicationRequest/mr1");
        assertThat(chart.conflicts().get(0).first().authorKey()).isEqualTo("Patient/p1");
        assertThat(chart.conflicts().get(0).first().plan()).isNull();

        CarePlan plan = chart.plan(A);
        plan.addActivity().setReference(new Reference("MedicationStatement/ms2"));
        assertThat(chart.conflicts().get(0).first().authorKey()).isEqualTo(A);
        assertThat(chart.conflicts().get(0).first().plan()).isEqualTo("CarePlan/plan3");

        plan.setAuthor(null);
        assertThat(chart.conflicts().get(0).first().authorKey()).isEqualTo("Patient/p1");
        simvastatin.setInformationSource(null);
        assertThat(chart.conflicts().get(0).first().author()).isNull();
        assertThat(chart.conflicts().get(0).first().authorName()).isEqualTo("an unknown author");
    }

    @Test
    void aStatementAssertedOrTakenAfterTheDayOrNotActiveDoesNotCount() {
        ChartBuilder asserted = new ChartBuilder();
        asserted.order(rx("21212", "clarithromycin"), B);
        MedicationStatement later = statement(asserted, rx("36567", "simvastatin"));
        later.setDateAssertedElement(new DateTimeType("2026-07-01"));
        assertThat(asserted.lines()).isEmpty();
        later.setDateAssertedElement(new DateTimeType("2026-06-30"));
        assertThat(asserted.lines()).hasSize(1);
        later.setEffective(new DateTimeType("2026-07-01"));
        assertThat(asserted.lines()).isEmpty();
        later.setEffective(new DateTimeType("2026-06-30"));
        assertThat(asserted.lines()).hasSize(1);
        later.setStatus(MedicationStatement.MedicationStatementStatus.COMPLETED);
        assertThat(asserted.lines()).isEmpty();
    }

    @Test
    void aContainedMedicationIsReadThroughItsLocalReference() {
        ChartBuilder chart = new ChartBuilder();
        MedicationRequest request = chart.order(rx("21212", "clarithromycin"), B);
        Medication simvastatin = new Medication().setCode(rx("36567", "simvastatin"));
        simvastatin.setId("med1");
        MedicationRequest order = chart.order(new CodeableConcept(), A);
        order.addContained(simvastatin);
        order.setMedication(new Reference("#med1"));
        assertThat(chart.lines())
                .containsExactly("drug-drug ddi-statin-cyp3a4 high MedicationRequest/mr2 MedicationRequest/mr1");
        assertThat(request.getIdPart()).isEqualTo("mr1");

        // a reference to another contained id, to a stored Medication, or a contained one without a code: no drug
        order.setMedication(new Reference("#med2"));
        assertThat(chart.lines()).isEmpty();
        order.setMedication(new Reference("Medication/med1"));
        assertThat(chart.lines()).isEmpty();
        order.setMedication(new Reference("#med1"));
        simvastatin.setCode(null);
        assertThat(chart.lines()).isEmpty();
    }

    ChartBuilder naproxenInHeartFailure() {
        ChartBuilder chart = new ChartBuilder();
        chart.condition(ICD10, "I50.9", A);
        chart.order(rx("7258", "naproxen"), B);
        return chart;
    }

    @Test
    void anAbatedConditionIsNotCurrent() {
        ChartBuilder abated = naproxenInHeartFailure();
        abated.conditions.get(0).setAbatement(new DateTimeType("2026-01-01"));
        assertThat(abated.lines()).isEmpty();
        assertThat(naproxenInHeartFailure().lines())
                .containsExactly("drug-disease dd-nsaid-heart-failure high MedicationRequest/mr2 Condition/cond1");
    }

    @Test
    void aConditionBegunOrRecordedAfterTheDayDoesNotCountYet() {
        ChartBuilder onset = naproxenInHeartFailure();
        Condition condition = onset.conditions.get(0);
        condition.setOnset(new DateTimeType("2026-07-01"));
        assertThat(onset.lines()).isEmpty();
        condition.setOnset(new DateTimeType("2026-06-30"));
        assertThat(onset.lines()).hasSize(1);
        condition.setRecordedDateElement(new DateTimeType("2026-07-01"));
        assertThat(onset.lines()).isEmpty();
        condition.setRecordedDateElement(new DateTimeType("2026-06-30"));
        assertThat(onset.lines()).hasSize(1);
    }

    @Test
    void aConditionWithoutAVerificationCodeCountsAndARecurrenceIsCurrent() {
        ChartBuilder chart = naproxenInHeartFailure();
        chart.conditions.get(0).getVerificationStatus().getCodingFirstRep().setCode(null);
        chart.conditions.get(0).getClinicalStatus().getCodingFirstRep().setCode("recurrence");
        assertThat(chart.lines()).hasSize(1);
        chart.conditions.get(0).getClinicalStatus().getCodingFirstRep().setCode(null);
        assertThat(chart.lines()).isEmpty();
    }
}
