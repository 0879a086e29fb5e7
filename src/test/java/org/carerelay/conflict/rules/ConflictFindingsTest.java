package org.carerelay.conflict.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.conflict.rules.ChartBuilder.ICD10;
import static org.carerelay.conflict.rules.ChartBuilder.KNOWLEDGE;
import static org.carerelay.conflict.rules.ChartBuilder.SNOMED;
import static org.carerelay.conflict.rules.ChartBuilder.rx;
import static org.carerelay.conflict.rules.ChartBuilder.text;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.carerelay.caregap.rules.PlanConflicts;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * How findings name their sides and authors, what G11 sees of them, and the remaining edges: a deceased patient, a
 * stay's reason, a decompensation without a NYHA grading, a text-only duplicate and a prohibition with two concepts.
 */
class ConflictFindingsTest {

    static final String A = "Practitioner/a";
    static final String B = "Practitioner/b";

    @Test
    void anAuthorIsNamedByDisplayAndReferenceOrWhicheverIsThere() {
        Side both = new Side(null, "Goal/1", "x", new Reference("Practitioner/chen").setDisplay("Dr Chen"), null);
        assertThat(both.authorName()).isEqualTo("Dr Chen (Practitioner/chen)");
        assertThat(both.authorKey()).isEqualTo("Practitioner/chen");
        assertThat(both.described()).isEqualTo("x (Goal/1) by Dr Chen (Practitioner/chen)");
        Side display = new Side(null, "Goal/1", "x", new Reference().setDisplay("Dr Chen"), "CarePlan/hf");
        assertThat(display.authorName()).isEqualTo("Dr Chen");
        assertThat(display.authorKey()).isNull();
        assertThat(display.described()).isEqualTo("x (Goal/1) by Dr Chen in CarePlan/hf");
        Side reference = new Side(null, "Goal/1", "x", new Reference("Practitioner/chen"), null);
        assertThat(reference.authorName()).isEqualTo("Practitioner/chen");
        Side empty = new Side(null, "Goal/1", "x", new Reference(), null);
        assertThat(empty.authorName()).isEqualTo("an unknown author");
        assertThat(empty.authorKey()).isNull();
    }

    @Test
    void twoSidesWithoutAnAuthorReferenceAreNotTheSameAuthor() {
        ChartBuilder chart = new ChartBuilder();
        chart.order(rx("36437", "sertraline"), null);
        chart.order(rx("4493", "fluoxetine"), null);
        assertThat(chart.lines())
                .containsExactly(
                        "duplicate-therapy duplicate-therapy moderate MedicationRequest/mr1 MedicationRequest/mr2");
    }

    @Test
    void aDuplicateIsLowerConfidenceWhenEitherDrugIsKnownByTextOnly() {
        ChartBuilder first = new ChartBuilder();
        first.order(text("fluoxetine 20 mg"), A);
        first.order(rx("36437", "sertraline"), B);
        assertThat(first.lines())
                .containsExactly(
                        "duplicate-therapy duplicate-therapy moderate MedicationRequest/mr1 MedicationRequest/mr2 text-only");
        ChartBuilder second = new ChartBuilder();
        second.order(rx("36437", "sertraline"), A);
        second.order(text("fluoxetine 20 mg"), B);
        assertThat(second.lines())
                .containsExactly(
                        "duplicate-therapy duplicate-therapy moderate MedicationRequest/mr1 MedicationRequest/mr2 text-only");
    }

    @Test
    void aProhibitionByCodeHoldsWhenItsOtherConceptDoesNotMatch() {
        ChartBuilder chart = new ChartBuilder();
        chart.plan(A)
                .addActivity()
                .getDetail()
                .setDoNotPerform(true)
                .setCode(rx("5640", "ibuprofen"))
                .setProduct(rx("7258", "naproxen"));
        chart.order(rx("310965", "Ibuprofen 200 MG Oral Tablet"), B);
        assertThat(chart.lines())
                .containsExactly(
                        "prohibited-vs-ordered prohibited-vs-ordered high CarePlan/plan1 MedicationRequest/mr2");
    }

    @Test
    void aLaterMatchOfWordsDoesNotWeakenAMatchByCodeOnTheSameActivity() {
        ChartBuilder chart = new ChartBuilder();
        chart.plan(A)
                .addActivity()
                .getDetail()
                .setDoNotPerform(true)
                .setCode(rx("5640", "ibuprofen"))
                .setProduct(text("ibuprofen tablets"));
        chart.order(rx("310965", "Ibuprofen 200 MG Oral Tablet"), B);
        assertThat(chart.lines())
                .containsExactly(
                        "prohibited-vs-ordered prohibited-vs-ordered high CarePlan/plan1 MedicationRequest/mr2");
    }

    @Test
    void aContainedMedicationWhoseIdKeepsItsHashIsFoundToo() {
        ChartBuilder chart = new ChartBuilder();
        chart.order(rx("21212", "clarithromycin"), B);
        org.hl7.fhir.r4.model.Medication simvastatin =
                new org.hl7.fhir.r4.model.Medication().setCode(rx("36567", "simvastatin"));
        simvastatin.setIdElement(new org.hl7.fhir.r4.model.IdType("#med1"));
        org.hl7.fhir.r4.model.MedicationRequest order = chart.order(new CodeableConcept(), A);
        order.addContained(simvastatin);
        order.setMedication(new Reference("#med1"));
        assertThat(simvastatin.getIdElement().getIdPart()).isEqualTo("#med1");
        assertThat(chart.lines())
                .containsExactly("drug-drug ddi-statin-cyp3a4 high MedicationRequest/mr2 MedicationRequest/mr1");
    }

    /** A code configured into both classes of a pair: the order and the statement that reports it are one therapy. */
    @Test
    void anOrderAndTheStatementOfItDoNotInteractEvenInBothClassesOfAPair() {
        String local = "http://example.org/drugs|combo";
        Knowledge knowledge = KNOWLEDGE.extendedWith(
                java.util.Map.of("statins-cyp3a4", List.of(local), "cyp3a4-inhibitors", List.of(local)),
                java.util.Map.of());
        ChartBuilder chart = new ChartBuilder();
        org.hl7.fhir.r4.model.MedicationRequest order =
                chart.order(new CodeableConcept(new Coding("http://example.org/drugs", "combo", null)), A);
        org.hl7.fhir.r4.model.MedicationStatement statement = new org.hl7.fhir.r4.model.MedicationStatement()
                .setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE)
                .setMedication(order.getMedicationCodeableConcept().copy())
                .addBasedOn(new Reference("MedicationRequest/" + order.getIdPart()));
        statement.setId("ms1");
        chart.statements.add(statement);
        ConflictEvaluator evaluator = new ConflictEvaluator(knowledge, LocalServer.RELATIVE_ONLY);
        Days day = new Days(ChartBuilder.DAY, ZoneOffset.UTC);
        assertThat(evaluator.evaluate(chart.record(), day, List.of(ConflictRule.DRUG_DRUG)))
                .isEmpty();
        statement.setBasedOn(null);
        assertThat(evaluator.evaluate(chart.record(), day, List.of(ConflictRule.DRUG_DRUG)))
                .extracting(c ->
                        c.entry() + " " + c.first().key() + " " + c.second().key())
                .containsExactly("ddi-statin-cyp3a4 MedicationRequest/mr1 MedicationStatement/ms1");
    }

    @Test
    void aServiceRequestsRequesterIsItsAuthor() {
        ChartBuilder chart = new ChartBuilder();
        CodeableConcept stretching = new CodeableConcept(new Coding(SNOMED, "229070002", "Stretching"));
        chart.plan(A).addActivity().getDetail().setDoNotPerform(true).setCode(stretching);
        org.hl7.fhir.r4.model.ServiceRequest request = new org.hl7.fhir.r4.model.ServiceRequest()
                .setStatus(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setCode(stretching.copy())
                .setRequester(new Reference("Practitioner/c"));
        request.setId("sr1");
        chart.serviceRequests.add(request);
        chart.plan(B).addActivity().setReference(new Reference("ServiceRequest/sr1"));
        assertThat(chart.conflicts().get(0).second().authorKey()).isEqualTo("Practitioner/c");
        assertThat(chart.conflicts().get(0).second().plan()).isEqualTo("CarePlan/plan2");
    }

    ChartBuilder naproxenInHeartFailure() {
        ChartBuilder chart = new ChartBuilder();
        chart.condition(ICD10, "I50.9", A);
        chart.order(rx("7258", "naproxen"), B);
        return chart;
    }

    @Test
    void aPatientWhoDiedHasNoConflictsAndOneAliveHasThem() {
        ChartBuilder dead = naproxenInHeartFailure();
        dead.patient.setDeceased(new BooleanType(true));
        assertThat(dead.lines()).isEmpty();
        ChartBuilder alive = naproxenInHeartFailure();
        alive.patient.setDeceased(new BooleanType(false));
        assertThat(alive.lines()).hasSize(1);
        ChartBuilder active = naproxenInHeartFailure();
        active.patient.setActive(true);
        assertThat(active.lines()).hasSize(1);
    }

    @Test
    void aStayForAnotherReasonCodeOrDiagnosisIsNoDecompensation() {
        ChartBuilder reason = new ChartBuilder();
        reason.condition(SNOMED, "84114007", A);
        reason.order(rx("233698", "dronedarone"), B);
        reason.stay("IMP", "2026-06-10", "2026-06-15", null)
                .addReasonCode(new CodeableConcept(new Coding(SNOMED, "233604007", null)));
        org.hl7.fhir.r4.model.Condition pneumonia = reason.condition(SNOMED, "233604007", A);
        reason.stay("IMP", "2026-06-10", "2026-06-15", null)
                .addDiagnosis()
                .setCondition(new Reference("Condition/" + pneumonia.getIdPart()));
        assertThat(reason.conflicts().get(0).severity()).isEqualTo("moderate");
        assertThat(reason.conflicts().get(0).note()).isEqualTo("NYHA class not recorded");
    }

    @Test
    void aDecompensationRuleWithoutNyhaGradingSaysOnlyTheStay() {
        Knowledge knowledge = KnowledgeTest.withRule(KnowledgeTest.nsaids(new Knowledge.Decompensation(
                30, List.of("http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP"), "high")));
        ChartBuilder chart = naproxenInHeartFailure();
        chart.stay("IMP", "2026-06-10", "2026-06-15", chart.conditions.get(0));
        List<Conflict> conflicts = new ConflictEvaluator(knowledge, LocalServer.RELATIVE_ONLY)
                .evaluate(chart.record(), new Days(ChartBuilder.DAY, ZoneOffset.UTC), List.of());
        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo("high");
            assertThat(c.note())
                    .isEqualTo("recent decompensation: hospital stay for heart-failure, ended 2026-06-15"
                            + " (Encounter/enc3)");
        });
    }

    @Test
    void aDateIsItsOwnDayInAnyZone() {
        Days farWest = new Days(ChartBuilder.DAY, ZoneId.of("Etc/GMT+12"));
        Days farEast = new Days(ChartBuilder.DAY, ZoneId.of("Etc/GMT-14"));
        assertThat(farWest.dayOf(new DateType("2026-03-05"))).isEqualTo(LocalDate.of(2026, 3, 5));
        assertThat(farEast.dayOf(new DateType("2026-03-05"))).isEqualTo(LocalDate.of(2026, 3, 5));
    }

    @Test
    void theKnowledgesListsAreNeverNull() {
        Knowledge.DrugClass none = new Knowledge.DrugClass("x", null, null, null, null);
        assertThat(none.atc()).isEmpty();
        assertThat(none.members()).isEmpty();
        assertThat(none.codes()).isEmpty();
        assertThat(new Knowledge.Member("x", null, null).products()).isEmpty();
        assertThat(new Knowledge.Measure("x", "%", List.of(), null).converted()).isEmpty();
    }

    @Test
    void everyKindHasItsPublicCodeTitleAndDetectedIssueCode() {
        assertThat(List.of(ConflictRule.values()))
                .extracting(ConflictRule::code, ConflictRule::title, ConflictRule::actCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("drug-drug", "Drug-drug interaction", "DRG"),
                        org.assertj.core.groups.Tuple.tuple("drug-disease", "Drug-disease contraindication", "COND"),
                        org.assertj.core.groups.Tuple.tuple("duplicate-therapy", "Duplicate therapy", "DUPTHPY"),
                        org.assertj.core.groups.Tuple.tuple("conflicting-goals", "Conflicting goals", null),
                        org.assertj.core.groups.Tuple.tuple(
                                "prohibited-vs-ordered", "Prohibited in one plan, ordered in another", null));
    }

    @Test
    void careGapsAskForTheResultsAndStaysTheRulesRead() {
        CareGapConflicts careGaps = new CareGapConflicts(KNOWLEDGE, LocalServer.RELATIVE_ONLY);
        assertThat(careGaps.observationCodes()).isEqualTo(KNOWLEDGE.egfr()).isNotEmpty();
        assertThat(careGaps.observationValues())
                .containsExactly(
                        SNOMED + "|420300004", SNOMED + "|421704003", SNOMED + "|420913000", SNOMED + "|422293003");
        assertThat(careGaps.stayDays()).isEqualTo(30);
        assertThat(careGaps.stayClasses()).isEqualTo(KNOWLEDGE.stayClasses()).hasSize(3);
    }

    @Test
    void careGapsSeeEachConflictWithBothSidesAndItsDetail() {
        ChartBuilder chart = naproxenInHeartFailure();
        List<PlanConflicts.Conflict> conflicts = chart.careGapConflicts();
        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.code()).isEqualTo("drug-disease/dd-nsaid-heart-failure");
            assertThat(c.severity()).isEqualTo("high");
            assertThat(c.first().resource()).isSameAs(chart.requests.get(0));
            assertThat(c.first().described()).isEqualTo("naproxen (MedicationRequest/mr2) by Practitioner/b");
            assertThat(c.second().resource()).isSameAs(chart.conditions.get(0));
            assertThat(c.second().described()).isEqualTo("I50.9 (Condition/cond1) by Practitioner/a");
            assertThat(c.detail()).isEqualTo(chart.conflicts().get(0).detail());
        });
    }
}
