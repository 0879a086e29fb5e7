package org.carerelay.conflict.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.conflict.rules.ChartBuilder.ICD10;
import static org.carerelay.conflict.rules.ChartBuilder.SNOMED;
import static org.carerelay.conflict.rules.ChartBuilder.rx;

import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.junit.jupiter.api.Test;

/**
 * The seeds' patient: type 2 diabetes (endocrinologist), heart failure (cardiologist) and depression (psychiatrist),
 * three plans written without knowledge of each other, and primary care on top.
 */
class SeedsScenarioTest {

    static final String ENDO = "Practitioner/endo";
    static final String CARDIO = "Practitioner/cardio";
    static final String PSYCH = "Practitioner/psych";
    static final String PCP = "Practitioner/pcp";

    @Test
    void eachConflictIsFoundWithBothAuthorsAndEachControlIsClean() {
        ChartBuilder chart = new ChartBuilder();
        chart.condition(ICD10, "E11.9", ENDO);
        chart.condition(SNOMED, "88805009", CARDIO);
        chart.condition(ICD10, "F32.9", PSYCH);
        CarePlan diabetes = chart.plan(ENDO);
        CarePlan heart = chart.plan(CARDIO);
        CarePlan mood = chart.plan(PSYCH);
        var metformin = chart.order(rx("860975", "24 HR Metformin hydrochloride 500 MG"), ENDO, diabetes);
        var pioglitazone = chart.order(rx("33738", "pioglitazone"), null, diabetes);
        var simvastatin = chart.order(rx("312961", "Simvastatin 20 MG Oral Tablet"), CARDIO, heart);
        var clarithromycin = chart.order(rx("21212", "clarithromycin"), PCP);
        var sertraline = chart.order(rx("36437", "sertraline"), PCP);
        var phenelzine = chart.order(rx("8123", "phenelzine"), PSYCH, mood);

        List<Conflict> conflicts = chart.conflicts();

        assertThat(chart.lines())
                .containsExactly(
                        "drug-drug ddi-maoi-ssri high MedicationRequest/" + phenelzine.getIdPart()
                                + " MedicationRequest/" + sertraline.getIdPart(),
                        "drug-drug ddi-statin-cyp3a4 high MedicationRequest/" + simvastatin.getIdPart()
                                + " MedicationRequest/" + clarithromycin.getIdPart(),
                        "drug-disease dd-tzd-heart-failure high MedicationRequest/" + pioglitazone.getIdPart()
                                + " Condition/cond2");
        // the authors of both sides: a requester, else the author of the plan that names the order; an asserter
        assertThat(conflicts)
                .extracting(c -> c.first().authorKey() + " / " + c.second().authorKey())
                .containsExactly(PSYCH + " / " + PCP, CARDIO + " / " + PCP, ENDO + " / " + CARDIO);
        assertThat(conflicts.get(1).detail())
                .isEqualTo("ONC high-priority DDI list (Phansalkar 2012): Simvastatin 20 MG Oral Tablet"
                        + " (MedicationRequest/" + simvastatin.getIdPart() + ") by " + CARDIO + " in CarePlan/"
                        + heart.getIdPart() + " with clarithromycin (MedicationRequest/" + clarithromycin.getIdPart()
                        + ") by " + PCP + ": HMG-CoA reductase inhibitors (simvastatin, lovastatin) with Strong"
                        + " CYP3A4 inhibitors. Suggested action: Hold the statin for the course of the CYP3A4"
                        + " inhibitor or choose another antibiotic; tell the statin's prescriber.");
        assertThat(conflicts.get(1).sources())
                .extracting(Knowledge.Source::url)
                .containsExactly(
                        "https://doi.org/10.1136/amiajnl-2011-000612",
                        "https://doi.org/10.1093/ajhp/zxac045",
                        "https://dailymed.nlm.nih.gov/dailymed/search.cfm?labeltype=all&query=simvastatin");
        assertThat(conflicts).noneMatch(Conflict::sameAuthor).noneMatch(Conflict::textOnly);
        assertThat(metformin.getIdPart()).isNotNull();
    }

    @Test
    void pravastatinWithAmoxicillinIsClean() {
        ChartBuilder chart = new ChartBuilder();
        chart.order(rx("42463", "pravastatin"), CARDIO);
        chart.order(rx("723", "amoxicillin"), PCP);
        assertThat(chart.lines()).isEmpty();
    }

    @Test
    void pravastatinWithClarithromycinIsOutOfScope() {
        // a dose limit on a label (pravastatin at most 40 mg with clarithromycin), not a pair of the ONC list
        ChartBuilder chart = new ChartBuilder();
        chart.order(rx("42463", "pravastatin"), CARDIO);
        chart.order(rx("21212", "clarithromycin"), PCP);
        assertThat(chart.lines()).isEmpty();
    }

    @Test
    void metforminInHeartFailureIsNotAConflict() {
        ChartBuilder chart = new ChartBuilder();
        chart.condition(SNOMED, "88805009", CARDIO);
        chart.order(rx("6809", "metformin"), ENDO);
        assertThat(chart.lines()).isEmpty();
    }
}
