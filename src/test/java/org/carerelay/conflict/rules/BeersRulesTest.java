package org.carerelay.conflict.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.conflict.rules.ChartBuilder.ICD10;
import static org.carerelay.conflict.rules.ChartBuilder.KNOWLEDGE;
import static org.carerelay.conflict.rules.ChartBuilder.SNOMED;
import static org.carerelay.conflict.rules.ChartBuilder.rx;
import static org.carerelay.conflict.rules.ChartBuilder.text;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AGS Beers Criteria 2023 drug-disease rows (Table 3), each on both sides of its boundaries: the 65th birthday,
 * the condition, the sex a row names, and the members, conditions and routes a row excepts.
 */
class BeersRulesTest {

    static final String A = "Practitioner/a";
    static final String B = "Practitioner/b";
    /** 65 on the day judged (2026-06-30), and one day short of it. */
    static final String SIXTY_FIVE = "1961-06-30";

    static final String SIXTY_FOUR = "1961-07-01";

    /** One drug and one condition per Beers entry: entry, RxNorm code, drug, condition system, code, sex. */
    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("beers-dementia-benzodiazepine", "6470", "lorazepam", ICD10, "F03.90", null),
                Arguments.of("beers-dementia-antipsychotic", "5093", "haloperidol", ICD10, "G30.9", null),
                Arguments.of("beers-ulcer-nsaid", "198014", "Naproxen 500 MG Oral Tablet", ICD10, "K25.9", null),
                Arguments.of("beers-syncope-achei", "135447", "donepezil", SNOMED, "271594007", null),
                Arguments.of("beers-syncope-alpha1-blocker", "49276", "doxazosin", ICD10, "R55", null),
                Arguments.of("beers-syncope-tertiary-tca", "704", "amitriptyline", ICD10, "R55", null),
                Arguments.of("beers-syncope-antipsychotic", "2403", "chlorpromazine", SNOMED, "271594007", null),
                Arguments.of("beers-delirium-antipsychotic", "51272", "quetiapine", ICD10, "F05", null),
                Arguments.of("beers-delirium-benzodiazepine", "6470", "lorazepam", SNOMED, "2776000", null),
                Arguments.of("beers-delirium-corticosteroid", "8640", "prednisone", ICD10, "F05", null),
                Arguments.of("beers-delirium-h2-antagonist", "4278", "famotidine", ICD10, "F05", null),
                Arguments.of("beers-delirium-z-drug", "39993", "zolpidem", ICD10, "F05", null),
                Arguments.of(
                        "beers-delirium-opioid", "1049221", "Acetaminophen 325 MG / Oxycodone", ICD10, "F05", null),
                Arguments.of("beers-delirium-anticholinergic", "1049630", "diphenhydrAMINE 25 MG", ICD10, "F05", null),
                Arguments.of("beers-dementia-z-drug", "461016", "eszopiclone", ICD10, "G30.9", null),
                Arguments.of("beers-dementia-anticholinergic", "32675", "oxybutynin", SNOMED, "26929004", null),
                Arguments.of("beers-cognitive-impairment-antipsychotic", "35636", "risperidone", ICD10, "G31.84", null),
                Arguments.of(
                        "beers-cognitive-impairment-benzodiazepine", "596", "alprazolam", SNOMED, "386805003", null),
                Arguments.of("beers-cognitive-impairment-z-drug", "74667", "zaleplon", ICD10, "G31.84", null),
                Arguments.of(
                        "beers-cognitive-impairment-anticholinergic", "8745", "promethazine", ICD10, "G31.84", null),
                Arguments.of("beers-falls-ssri", "36437", "sertraline", ICD10, "Z91.81", null),
                Arguments.of("beers-falls-snri", "39786", "venlafaxine", ICD10, "Z91.81", null),
                Arguments.of("beers-falls-tca", "7531", "nortriptyline", SNOMED, "359817006", null),
                Arguments.of("beers-falls-antiepileptic", "308971", "Carbamazepine[Tegretol]", ICD10, "S72.001A", null),
                Arguments.of("beers-falls-antipsychotic", "89013", "aripiprazole", ICD10, "Z87.81", null),
                Arguments.of(
                        "beers-falls-benzodiazepine", "1153378", "Clonazepam [Klonopin]", SNOMED, "16114001", null),
                Arguments.of("beers-falls-z-drug", "39993", "zolpidem", ICD10, "Z91.81", null),
                Arguments.of("beers-falls-opioid", "7052", "morphine", ICD10, "Z87.310", null),
                Arguments.of("beers-falls-anticholinergic", "5553", "hydroxyzine", ICD10, "Z91.81", null),
                Arguments.of("beers-parkinson-antiemetic", "6915", "metoclopramide", SNOMED, "49049000", null),
                Arguments.of("beers-parkinson-antipsychotic", "5093", "haloperidol", ICD10, "G20", null),
                Arguments.of(
                        "beers-incontinence-estrogen", "4083", "estradiol 1 MG Oral Tablet", ICD10, "N39.41", "female"),
                Arguments.of("beers-incontinence-alpha1-blocker", "8629", "prazosin", SNOMED, "165232002", "female"),
                Arguments.of("beers-luts-anticholinergic", "3498", "diphenhydramine", ICD10, "N40.1", "male"));
    }

    static ChartBuilder chart(String born, String sex, String code, String drug, String system, String condition) {
        ChartBuilder chart = new ChartBuilder().born(born);
        if (sex != null) {
            chart.patient.setGender(AdministrativeGender.fromCode(sex));
        }
        if (condition != null) {
            chart.condition(system, condition, A);
        }
        chart.order(rx(code, drug), B);
        return chart;
    }

    @Nested
    class EachRow {

        @ParameterizedTest(name = "{0}: {2} with {4}")
        @MethodSource("org.carerelay.conflict.rules.BeersRulesTest#rows")
        void appliesFromTheSixtyFifthBirthday(
                String entry, String code, String drug, String system, String condition, String sex) {
            ChartBuilder chart = chart(SIXTY_FIVE, sex, code, drug, system, condition);
            assertThat(chart.lines())
                    .containsExactly("drug-disease " + entry + " moderate MedicationRequest/mr2 Condition/cond1");
            assertThat(chart.conflicts().get(0).detail()).startsWith("AGS Beers Criteria 2023 (Table 3): ");
            assertThat(chart(SIXTY_FOUR, sex, code, drug, system, condition).lines())
                    .isEmpty();
        }

        @ParameterizedTest(name = "{0}: {2} alone")
        @MethodSource("org.carerelay.conflict.rules.BeersRulesTest#rows")
        void isNothingWithoutTheCondition(
                String entry, String code, String drug, String system, String condition, String sex) {
            ChartBuilder chart = new ChartBuilder().born(SIXTY_FIVE);
            if (sex != null) {
                chart.patient.setGender(AdministrativeGender.fromCode(sex));
            }
            chart.order(rx(code, drug), B);
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void theRowsCoverEveryBeersEntryOfTheKnowledge() {
            List<String> beers = KNOWLEDGE.contraindications().stream()
                    .filter(c -> c.minAge() != null && c.sources().contains("beers-2023"))
                    .map(Knowledge.Contraindication::id)
                    .toList();
            List<String> tested = Stream.concat(
                            rows().map(arguments -> (String) arguments.get()[0]),
                            Stream.of("beers-hf-dextromethorphan-quinidine"))
                    .toList();
            assertThat(tested).containsExactlyInAnyOrderElementsOf(beers);
            assertThat(beers).hasSize(35);
        }
    }

    @Nested
    class Sex {

        @Test
        void estrogenInUrinaryIncontinenceIsAboutWomen() {
            assertThat(chart(SIXTY_FIVE, "male", "4083", "estradiol", ICD10, "N39.41")
                            .lines())
                    .isEmpty();
            assertThat(chart(SIXTY_FIVE, null, "4083", "estradiol", ICD10, "N39.41")
                            .lines())
                    .isEmpty();
            assertThat(chart(SIXTY_FIVE, "unknown", "4083", "estradiol", ICD10, "N39.41")
                            .lines())
                    .isEmpty();
        }

        @Test
        void anticholinergicsInProstaticHyperplasiaAreAboutMen() {
            assertThat(chart(SIXTY_FIVE, "female", "3498", "diphenhydramine", SNOMED, "266569009")
                            .lines())
                    .isEmpty();
            assertThat(chart(SIXTY_FIVE, "male", "3498", "diphenhydramine", SNOMED, "266569009")
                            .lines())
                    .containsExactly(
                            "drug-disease beers-luts-anticholinergic moderate MedicationRequest/mr2 Condition/cond1");
        }
    }

    @Nested
    class Exceptions {

        @Test
        void quetiapineClozapineAndPimavanserinAreNotAvoidedInParkinsonDisease() {
            assertThat(chart(SIXTY_FIVE, null, "51272", "quetiapine", ICD10, "G20")
                            .lines())
                    .isEmpty();
            assertThat(chart(SIXTY_FIVE, null, "2626", "clozapine", ICD10, "G20")
                            .lines())
                    .isEmpty();
            ChartBuilder byName = new ChartBuilder().born(SIXTY_FIVE);
            byName.condition(ICD10, "G20", A);
            byName.order(text("pimavanserin 34 mg capsule"), B);
            assertThat(byName.lines()).isEmpty();
            ChartBuilder byAtc = new ChartBuilder().born(SIXTY_FIVE);
            byAtc.condition(ICD10, "G20", A);
            byAtc.order(new CodeableConcept(new Coding(Knowledge.ATC, "N05AH04", "quetiapine")), B);
            assertThat(byAtc.lines()).isEmpty();
            ChartBuilder risperidone = new ChartBuilder().born(SIXTY_FIVE);
            risperidone.condition(ICD10, "G20", A);
            risperidone.order(new CodeableConcept(new Coding(Knowledge.ATC, "N05AX08", "risperidone")), B);
            assertThat(risperidone.lines())
                    .containsExactly(
                            "drug-disease beers-parkinson-antipsychotic moderate MedicationRequest/mr2 Condition/cond1");
        }

        @Test
        void bladderAntimuscarinicsAreNotAvoidedInProstaticHyperplasia() {
            assertThat(chart(SIXTY_FIVE, "male", "32675", "oxybutynin", ICD10, "N40.0")
                            .lines())
                    .isEmpty();
        }

        @Test
        void antiepilepticsAfterAFallAreForSeizuresAndMoodDisorders() {
            for (String[] reason : new String[][] {{SNOMED, "84757009"}, {ICD10, "F31.9"}, {SNOMED, "370143000"}}) {
                ChartBuilder chart = chart(SIXTY_FIVE, null, "25480", "gabapentin", ICD10, "Z91.81");
                chart.condition(reason[0], reason[1], A);
                assertThat(chart.lines()).as(reason[1]).isEmpty();
            }
            assertThat(chart(SIXTY_FIVE, null, "25480", "gabapentin", ICD10, "Z91.81")
                            .lines())
                    .containsExactly(
                            "drug-disease beers-falls-antiepileptic moderate MedicationRequest/mr2 Condition/cond1");
        }
    }

    @Nested
    class Routes {

        ChartBuilder incontinentWoman() {
            ChartBuilder chart = new ChartBuilder().born(SIXTY_FIVE);
            chart.patient.setGender(AdministrativeGender.FEMALE);
            chart.condition(ICD10, "R32", A);
            return chart;
        }

        @Test
        void intravaginalEstrogenByItsDosageRouteIsExcluded() {
            ChartBuilder vaginal = incontinentWoman();
            vaginal.order(rx("4083", "estradiol"), B)
                    .addDosageInstruction()
                    .setRoute(new CodeableConcept(new Coding(SNOMED, "16857009", "Vaginal route")));
            assertThat(vaginal.lines()).isEmpty();

            ChartBuilder oral = incontinentWoman();
            oral.order(rx("4083", "estradiol"), B)
                    .addDosageInstruction()
                    .setRoute(new CodeableConcept(new Coding(SNOMED, "26643006", "Oral route")));
            assertThat(oral.lines())
                    .containsExactly(
                            "drug-disease beers-incontinence-estrogen moderate MedicationRequest/mr2 Condition/cond1");
        }

        @Test
        void intravaginalEstrogenByItsClinicalDrugNameIsExcluded() {
            ChartBuilder ring = incontinentWoman();
            ring.order(rx("4124", "ethinyl estradiol 0.015 MG/Day / etonogestrel 0.12 MG/Day Vaginal Ring"), B);
            assertThat(ring.lines()).isEmpty();
            ChartBuilder words = incontinentWoman();
            words.order(rx("4083", "estradiol"), B)
                    .addDosageInstruction()
                    .setRoute(new CodeableConcept().setText("intravaginal"));
            assertThat(words.lines()).isEmpty();
            ChartBuilder cream = incontinentWoman();
            cream.order(rx("4083", "estradiol 0.1 MG/GM Vaginal Cream"), B);
            assertThat(cream.lines()).isEmpty();
            ChartBuilder patch = incontinentWoman();
            patch.order(
                    rx(
                            "1534809",
                            "168 HR Ethinyl Estradiol 0.00146 MG/HR / norelgestromin 0.00625 MG/HR Transdermal System"),
                    B);
            assertThat(patch.lines())
                    .containsExactly(
                            "drug-disease beers-incontinence-estrogen moderate MedicationRequest/mr2 Condition/cond1");
        }

        @Test
        void onlyOralAndParenteralCorticosteroidsAreAvoidedInDelirium() {
            ChartBuilder cream =
                    chart(SIXTY_FIVE, null, "106258", "Hydrocortisone 10 MG/ML Topical Cream", ICD10, "F05");
            assertThat(cream.lines()).isEmpty();
            // "otic" (the ear) begins no word here: "antibiotic" is no route
            assertThat(chart(
                                    SIXTY_FIVE,
                                    null,
                                    "8640",
                                    "prednisone 20 MG Oral Tablet with antibiotic cover",
                                    ICD10,
                                    "F05")
                            .lines())
                    .hasSize(1);
            ChartBuilder inhaled = chart(SIXTY_FIVE, null, "19831", "budesonide", ICD10, "F05");
            MedicationRequest order = inhaled.requests.get(0);
            order.addDosageInstruction()
                    .setRoute(new CodeableConcept(new Coding(SNOMED, "447694001", "Respiratory tract route")));
            assertThat(inhaled.lines()).isEmpty();
            // a route in words only: a word that begins "inhal"
            order.getDosageInstructionFirstRep().setRoute(new CodeableConcept().setText("Inhalation"));
            assertThat(inhaled.lines()).isEmpty();
            order.getDosageInstructionFirstRep()
                    .setRoute(new CodeableConcept(new Coding(SNOMED, "26643006", "Oral route")));
            assertThat(inhaled.lines())
                    .containsExactly(
                            "drug-disease beers-delirium-corticosteroid moderate MedicationRequest/mr2 Condition/cond1");
        }
    }

    @Nested
    class Histories {

        static Condition resolved(Condition condition) {
            condition.getClinicalStatus().getCodingFirstRep().setCode("resolved");
            condition.setAbatement(new DateTimeType("2025-03-01"));
            return condition;
        }

        @Test
        void aHealedFractureIsAHistoryOfFractures() {
            ChartBuilder chart = new ChartBuilder().born(SIXTY_FIVE);
            resolved(chart.condition(SNOMED, "65966004", A));
            chart.order(rx("6470", "lorazepam"), B);
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-disease beers-falls-benzodiazepine moderate MedicationRequest/mr2 Condition/cond1");
        }

        @Test
        void aHealedUlcerIsAHistoryOfUlcers() {
            ChartBuilder chart = new ChartBuilder().born(SIXTY_FIVE);
            resolved(chart.condition(ICD10, "K26.9", A));
            chart.order(rx("5640", "ibuprofen"), B);
            assertThat(chart.lines())
                    .containsExactly("drug-disease beers-ulcer-nsaid moderate MedicationRequest/mr2 Condition/cond1");
        }

        @Test
        void aResolvedDeliriumIsNoLongerOne() {
            ChartBuilder chart = new ChartBuilder().born(SIXTY_FIVE);
            resolved(chart.condition(ICD10, "F05", A));
            chart.order(rx("6470", "lorazepam"), B);
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void aFractureRefutedOrEnteredInErrorIsNone() {
            ChartBuilder chart = new ChartBuilder().born(SIXTY_FIVE);
            resolved(chart.condition(SNOMED, "65966004", A))
                    .getVerificationStatus()
                    .getCodingFirstRep()
                    .setCode("entered-in-error");
            chart.order(rx("6470", "lorazepam"), B);
            assertThat(chart.lines()).isEmpty();
        }
    }

    @Nested
    class OneFindingPerPair {

        @Test
        void olanzapineInDeliriumIsOneFindingThoughAnAntipsychoticAndAnticholinergic() {
            assertThat(chart(SIXTY_FIVE, null, "61381", "olanzapine", ICD10, "F05")
                            .lines())
                    .containsExactly(
                            "drug-disease beers-delirium-antipsychotic moderate MedicationRequest/mr2 Condition/cond1");
        }

        @Test
        void paroxetineAfterAFallIsOneFindingThoughAnSsriAndAnticholinergic() {
            assertThat(chart(SIXTY_FIVE, null, "32937", "paroxetine", ICD10, "Z91.81")
                            .lines())
                    .containsExactly("drug-disease beers-falls-ssri moderate MedicationRequest/mr2 Condition/cond1");
        }

        @Test
        void heartFailureWithAnNsaidAtSixtySixIsTheAhaFindingCitingBeers() {
            ChartBuilder chart = chart("1960-01-01", null, "198014", "Naproxen 500 MG Oral Tablet", ICD10, "I50.9");
            assertThat(chart.lines())
                    .containsExactly("drug-disease dd-nsaid-heart-failure high MedicationRequest/mr2 Condition/cond1");
            assertThat(chart.conflicts().get(0).sources())
                    .extracting(Knowledge.Source::shortName)
                    .containsExactly(
                            "AHA 2016 statement on drugs that may cause or exacerbate heart failure",
                            "AGS Beers Criteria 2023 (Table 3)");
        }

        @Test
        void twoDrugsOfOnePlanAreTwoFindings() {
            ChartBuilder chart = new ChartBuilder().born(SIXTY_FIVE);
            chart.condition(ICD10, "F05", A);
            org.hl7.fhir.r4.model.CarePlan plan = chart.plan(B);
            plan.addActivity().getDetail().setProduct(rx("6470", "lorazepam"));
            plan.addActivity().getDetail().setProduct(rx("39993", "zolpidem"));
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-disease beers-delirium-benzodiazepine moderate CarePlan/plan2 Condition/cond1",
                            "drug-disease beers-delirium-z-drug moderate CarePlan/plan2 Condition/cond1");
        }
    }

    @Test
    void dextromethorphanQuinidineInHeartFailureIsKnownByItsBrandOnly() {
        ChartBuilder chart = new ChartBuilder().born(SIXTY_FIVE);
        chart.condition(ICD10, "I50.9", A);
        chart.order(text("Nuedexta 20 mg/10 mg capsule"), B);
        assertThat(chart.lines())
                .containsExactly(
                        "drug-disease beers-hf-dextromethorphan-quinidine moderate MedicationRequest/mr2 Condition/cond1"
                                + " text-only");
        ChartBuilder cough = new ChartBuilder().born(SIXTY_FIVE);
        cough.condition(ICD10, "I50.9", A);
        cough.order(rx("1043400", "Acetaminophen 21.7 MG/ML / Dextromethorphan Hydrobromide 1 MG/ML"), B);
        assertThat(cough.lines()).isEmpty();
        assertThat(new ChartBuilder().born(SIXTY_FOUR).conflicts()).isEmpty();
    }

    /** Care gaps' G11 reads the same rows through the same evaluator. */
    @Test
    void careGapsSeeTheBeersRowsToo() {
        ChartBuilder chart = chart(SIXTY_FIVE, null, "135447", "donepezil", SNOMED, "271594007");
        List<org.carerelay.caregap.rules.PlanConflicts.Conflict> conflicts = chart.careGapConflicts();
        assertThat(conflicts)
                .extracting(org.carerelay.caregap.rules.PlanConflicts.Conflict::code)
                .containsExactly("drug-disease/beers-syncope-achei");
    }
}
