package org.carerelay.caregap.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;

/** G11 conflicting-plans: one gap per patient whose plans conflict, as {@code $plan-conflicts} finds the conflicts. */
class ConflictGapsTest {

    @Test
    void twoConflictsAreOneGapNamingBothSidesOfEach() {
        GapScenario given = new GapScenario();
        given.medication("36567", "simvastatin", "Practitioner/cardiologist");
        given.medication("21212", "clarithromycin", "Practitioner/gp");
        given.medication("36437", "sertraline", "Practitioner/gp");
        given.medication("8123", "phenelzine", "Practitioner/psychiatrist");

        List<Gap> gaps = given.gaps(CareGapRule.CONFLICTING_PLANS);

        assertThat(gaps).hasSize(1);
        Gap gap = gaps.get(0);
        assertThat(gap.message())
                .isEqualTo("2 conflicts between the patient's plans (drug-drug/ddi-maoi-ssri,"
                        + " drug-drug/ddi-statin-cyp3a4); $plan-conflicts details each");
        assertThat(gap.evidence())
                .extracting(r -> r.getIdElement().getValue())
                .containsExactly(
                        "MedicationRequest/4", "MedicationRequest/3", "MedicationRequest/1", "MedicationRequest/2");
        assertThat(gap.findings().get(2).text())
                .isEqualTo("MedicationRequest/1, status active: drug-drug/ddi-statin-cyp3a4 (high): ONC"
                        + " high-priority DDI list (Phansalkar 2012): simvastatin (MedicationRequest/1) by"
                        + " Practitioner/cardiologist with clarithromycin (MedicationRequest/2) by Practitioner/gp:"
                        + " HMG-CoA reductase inhibitors (simvastatin, lovastatin) with Strong CYP3A4 inhibitors."
                        + " Suggested action: Hold the statin for the course of the CYP3A4 inhibitor or choose another"
                        + " antibiotic; tell the statin's prescriber.");
        assertThat(gap.findings().get(3).text())
                .isEqualTo("MedicationRequest/2, status active: the other side of drug-drug/ddi-statin-cyp3a4 (high)"
                        + " with simvastatin (MedicationRequest/1) by Practitioner/cardiologist");
    }

    @Test
    void aCompletedCourseConflictsWithNothing() {
        GapScenario given = new GapScenario();
        given.medication("36567", "simvastatin", "Practitioner/cardiologist");
        given.medication("21212", "clarithromycin", "Practitioner/gp")
                .setStatus(MedicationRequest.MedicationRequestStatus.COMPLETED);

        assertThat(given.gaps(CareGapRule.CONFLICTING_PLANS)).isEmpty();
    }

    @Test
    void anOrderAfterTheDayJudgedDoesNotCountYet() {
        GapScenario given = new GapScenario();
        given.medication("36567", "simvastatin", "Practitioner/cardiologist");
        MedicationRequest later = given.medication("21212", "clarithromycin", "Practitioner/gp");
        later.setAuthoredOnElement(new DateTimeType("2026-07-01"));

        assertThat(given.gaps(CareGapRule.CONFLICTING_PLANS)).isEmpty();
        later.setAuthoredOnElement(new DateTimeType("2026-06-30"));
        assertThat(given.gaps(CareGapRule.CONFLICTING_PLANS)).hasSize(1);
    }

    @Test
    void drugsThatDoNotInteractAreNoGap() {
        GapScenario given = new GapScenario();
        given.medication("42463", "pravastatin", "Practitioner/cardiologist");
        given.medication("723", "amoxicillin", "Practitioner/gp");
        given.medication("36437", "sertraline", "Practitioner/gp");

        assertThat(given.gaps(CareGapRule.CONFLICTING_PLANS)).isEmpty();
    }

    @Test
    void g11ReadsTheMedicationsGoalsEgfrAndStaysAndNothingTheOtherRulesAlone() {
        assertThat(RecordPart.readBy(java.util.EnumSet.of(CareGapRule.CONFLICTING_PLANS)))
                .containsExactlyInAnyOrder(
                        RecordPart.CARE_PLANS,
                        RecordPart.MEDICATIONS,
                        RecordPart.CONDITIONS,
                        RecordPart.GOALS,
                        RecordPart.PLAN_OBSERVATIONS,
                        RecordPart.PLAN_STAYS,
                        RecordPart.SERVICE_REQUESTS);
    }
}
