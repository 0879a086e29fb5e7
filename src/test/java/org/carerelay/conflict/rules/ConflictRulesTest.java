package org.carerelay.conflict.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.conflict.rules.ChartBuilder.ICD10;
import static org.carerelay.conflict.rules.ChartBuilder.SNOMED;
import static org.carerelay.conflict.rules.ChartBuilder.below;
import static org.carerelay.conflict.rules.ChartBuilder.rx;
import static org.carerelay.conflict.rules.ChartBuilder.text;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule on both sides of its boundary. */
class ConflictRulesTest {

    static final String A = "Practitioner/a";
    static final String B = "Practitioner/b";

    @Nested
    class DrugDrug {

        @Test
        void twoHighRiskQtAgentsConflict() {
            ChartBuilder chart = new ChartBuilder();
            chart.order(rx("703", "amiodarone"), A);
            chart.order(rx("9947", "sotalol"), B);
            assertThat(chart.lines())
                    .containsExactly("drug-drug ddi-qt-qt high MedicationRequest/mr1 MedicationRequest/mr2");
        }

        @Test
        void oneQtAgentOrderedTwiceIsNoInteraction() {
            ChartBuilder chart = new ChartBuilder();
            chart.order(rx("703", "amiodarone"), A);
            chart.order(rx("703", "amiodarone"), B);
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void aDrugKnownOnlyByItsTextIsALowerConfidenceFinding() {
            ChartBuilder chart = new ChartBuilder();
            chart.order(text("Simvastatin 40mg tablets"), A);
            chart.order(rx("21212", "clarithromycin"), B);
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-drug ddi-statin-cyp3a4 high MedicationRequest/mr1 MedicationRequest/mr2 text-only");
            assertThat(chart.conflicts().get(0).detail())
                    .contains("Lower confidence: a medication was matched by its text only, not by a code.");
        }

        @Test
        void aMemberNamedInWordsIsMatchedAsAWholeWord() {
            ChartBuilder chart = new ChartBuilder();
            chart.order(text("dextroamphetamine-free regimen"), A);
            chart.order(rx("8123", "phenelzine"), B);
            // "amphetamine" lies inside "dextroamphetamine" but is not matched there; dextroamphetamine, a member, is
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-drug ddi-maoi-amphetamine high MedicationRequest/mr2 MedicationRequest/mr1 text-only");
        }

        @Test
        void anEndedOrderCountsForNothing() {
            ChartBuilder chart = new ChartBuilder();
            chart.order(rx("36567", "simvastatin"), A);
            chart.order(rx("21212", "clarithromycin"), B).setStatus(MedicationRequest.MedicationRequestStatus.STOPPED);
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void anOrderWrittenAfterTheDayJudgedDoesNotCountYet() {
            ChartBuilder chart = new ChartBuilder();
            chart.order(rx("36567", "simvastatin"), A);
            MedicationRequest later = chart.order(rx("21212", "clarithromycin"), B);
            later.setAuthoredOnElement(new DateTimeType("2026-07-01"));
            assertThat(chart.lines()).isEmpty();
            later.setAuthoredOnElement(new DateTimeType("2026-06-30"));
            assertThat(chart.lines()).hasSize(1);
        }

        @Test
        void aPlansOwnProductActivityIsASideAndTheSameAuthorIsMarked() {
            ChartBuilder chart = new ChartBuilder();
            CarePlan plan = chart.plan(A);
            plan.addActivity().getDetail().setProduct(rx("36567", "simvastatin"));
            chart.order(rx("21212", "clarithromycin"), A);
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-drug ddi-statin-cyp3a4 high CarePlan/plan1 MedicationRequest/mr2 same-author");
            assertThat(chart.conflicts().get(0).detail()).contains("Both sides are by the same author.");
        }
    }

    /**
     * The 15 pairs of the ONC high-priority list (Phansalkar 2012; two of them are two entries each): a member of each
     * side found with a member of the other, and a near miss that the list leaves out found clean.
     */
    @Nested
    class OncPairs {

        @ParameterizedTest(name = "{0}: {2} with {4}")
        @CsvSource({
            "ddi-maoi-amphetamine, 8123, phenelzine, 6901, methylphenidate",
            "ddi-atazanavir-ppi, 343047, atazanavir, 7646, omeprazole",
            "ddi-febuxostat-thiopurine, 73689, febuxostat, 1256, azathioprine",
            "ddi-maoi-ssri, 9639, selegiline, 72625, duloxetine",
            "ddi-irinotecan-cyp3a4, 51499, irinotecan, 6135, ketoconazole",
            "ddi-maoi-narcotic, 8123, phenelzine, 6754, meperidine",
            "ddi-maoi-tca, 8123, phenelzine, 704, amitriptyline",
            "ddi-qt-qt, 703, amiodarone, 5093, haloperidol",
            "ddi-ramelteon-fluvoxamine, 596205, ramelteon, 42355, fluvoxamine",
            "ddi-cyp3a4-inducer-protease-inhibitor, 9384, rifampin, 460132, darunavir",
            "ddi-statin-cyp3a4, 36567, simvastatin, 21212, clarithromycin",
            "ddi-statin-protease-inhibitor, 6472, lovastatin, 85762, ritonavir",
            "ddi-ergot-cyp3a4, 4025, ergotamine, 28031, itraconazole",
            "ddi-ergot-protease-inhibitor, 3418, dihydroergotamine, 85762, ritonavir",
            "ddi-tizanidine-cyp1a2, 57258, tizanidine, 2551, ciprofloxacin",
            "ddi-tranylcypromine-procarbazine, 10734, tranylcypromine, 8702, procarbazine",
            "ddi-maoi-triptan, 6011, isocarboxazid, 37418, sumatriptan"
        })
        void eachPairConflicts(String entry, String aCode, String a, String bCode, String b) {
            ChartBuilder chart = new ChartBuilder();
            chart.order(rx(aCode, a), A);
            chart.order(rx(bCode, b), B);
            assertThat(chart.lines())
                    .containsExactly("drug-drug " + entry + " high MedicationRequest/mr1 MedicationRequest/mr2");
            assertThat(chart.conflicts().get(0).detail()).startsWith("ONC high-priority DDI list (Phansalkar 2012): ");
        }

        @ParameterizedTest(name = "{1} with {3}")
        @CsvSource({
            // amphetamines: modafinil is no amphetamine derivative of the list
            "8123, phenelzine, 30125, modafinil",
            // the panel removed H2 blockers from the atazanavir pair
            "343047, atazanavir, 4278, famotidine",
            // allopurinol is not febuxostat
            "519, allopurinol, 1256, azathioprine",
            // rasagiline is not among the list's MAO inhibitors
            "134748, rasagiline, 72625, duloxetine",
            // fluconazole is a moderate CYP3A4 inhibitor
            "51499, irinotecan, 4450, fluconazole",
            // morphine is not a serotonergic narcotic analgesic
            "8123, phenelzine, 7052, morphine",
            "8123, phenelzine, 10737, trazodone",
            "703, amiodarone, 26225, ondansetron",
            // the ramelteon label contraindicates fluvoxamine; the list's other CYP1A2 inhibitors are not confirmed
            "596205, ramelteon, 2551, ciprofloxacin",
            // rifabutin takes a dose change, not a contraindication
            "55672, rifabutin, 460132, darunavir",
            // dose limits are out of scope: pravastatin and rosuvastatin do not depend on CYP3A4
            "42463, pravastatin, 21212, clarithromycin",
            "301542, rosuvastatin, 85762, ritonavir",
            "37418, sumatriptan, 28031, itraconazole",
            // an integrase inhibitor is no protease inhibitor
            "3418, dihydroergotamine, 719872, raltegravir",
            "57258, tizanidine, 82122, levofloxacin",
            // the list names tranylcypromine with procarbazine, not every MAO inhibitor
            "8123, phenelzine, 8702, procarbazine",
            "6011, isocarboxazid, 161, acetaminophen"
        })
        void aNearMissIsClean(String aCode, String a, String bCode, String b) {
            ChartBuilder chart = new ChartBuilder();
            chart.order(rx(aCode, a), A);
            chart.order(rx(bCode, b), B);
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void theCasesCoverEveryEntryOfTheList() {
            assertThat(ChartBuilder.KNOWLEDGE.interactions().stream().map(Knowledge.Interaction::id))
                    .containsExactlyInAnyOrder(
                            "ddi-maoi-amphetamine",
                            "ddi-atazanavir-ppi",
                            "ddi-febuxostat-thiopurine",
                            "ddi-maoi-ssri",
                            "ddi-irinotecan-cyp3a4",
                            "ddi-maoi-narcotic",
                            "ddi-maoi-tca",
                            "ddi-qt-qt",
                            "ddi-ramelteon-fluvoxamine",
                            "ddi-cyp3a4-inducer-protease-inhibitor",
                            "ddi-statin-cyp3a4",
                            "ddi-statin-protease-inhibitor",
                            "ddi-ergot-cyp3a4",
                            "ddi-ergot-protease-inhibitor",
                            "ddi-tizanidine-cyp1a2",
                            "ddi-tranylcypromine-procarbazine",
                            "ddi-maoi-triptan");
        }
    }

    /** Thiazolidinediones and dronedarone in heart failure, graded by the NYHA class as their labels grade them. */
    @Nested
    class NyhaClass {

        static final String CLASS_II = "421704003";
        static final String CLASS_III = "420913000";
        static final String CLASS_IV = "422293003";

        ChartBuilder heartFailureWith(String rxnorm, String drug) {
            ChartBuilder chart = new ChartBuilder();
            chart.condition(SNOMED, "84114007", A);
            chart.order(rx(rxnorm, drug), B);
            return chart;
        }

        @Test
        void aThiazolidinedioneInClassIiiOnTheConditionsStageIsContraindicated() {
            ChartBuilder chart = heartFailureWith("33738", "pioglitazone");
            chart.conditions.get(0).addStage().setSummary(new CodeableConcept(new Coding(SNOMED, CLASS_III, null)));
            assertThat(chart.lines())
                    .containsExactly("drug-disease dd-tzd-heart-failure high MedicationRequest/mr2 Condition/cond1");
            assertThat(chart.conflicts().get(0).detail()).contains("(NYHA class III (Condition/cond1)).");
        }

        @Test
        void aThiazolidinedioneInClassIiIsAWarningNotAContraindication() {
            ChartBuilder chart = heartFailureWith("33738", "pioglitazone");
            chart.conditions.get(0).setSeverity(new CodeableConcept(new Coding(SNOMED, CLASS_II, null)));
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-disease dd-tzd-heart-failure moderate MedicationRequest/mr2 Condition/cond1");
        }

        @Test
        void theLatestClassObservedOnTheDayDecidesOverTheCondition() {
            ChartBuilder chart = heartFailureWith("33738", "pioglitazone");
            chart.conditions.get(0).addStage().setSummary(new CodeableConcept(new Coding(SNOMED, CLASS_III, null)));
            chart.nyha("2026-01-10", CLASS_III);
            chart.nyha("2026-05-10", CLASS_II);
            // written after the day judged: does not count yet
            chart.nyha("2026-07-01", CLASS_IV);
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-disease dd-tzd-heart-failure moderate MedicationRequest/mr2 Condition/cond1");
            assertThat(chart.conflicts().get(0).detail()).contains("(NYHA class II (Observation/obs4)).");
        }

        @Test
        void withoutAClassTheThiazolidinedioneKeepsItsBoxedWarningSeverityAndSaysSo() {
            ChartBuilder chart = heartFailureWith("33738", "pioglitazone");
            assertThat(chart.lines())
                    .containsExactly("drug-disease dd-tzd-heart-failure high MedicationRequest/mr2 Condition/cond1");
            assertThat(chart.conflicts().get(0).detail()).contains("(NYHA class not recorded).");
        }

        @Test
        void dronedaroneInClassIvIsContraindicatedAndInClassIiiAWarning() {
            ChartBuilder classIv = heartFailureWith("233698", "dronedarone");
            classIv.nyha("2026-06-01", CLASS_IV);
            assertThat(classIv.lines())
                    .containsExactly(
                            "drug-disease dd-dronedarone-heart-failure high MedicationRequest/mr2 Condition/cond1");

            ChartBuilder classIii = heartFailureWith("233698", "dronedarone");
            classIii.nyha("2026-06-01", CLASS_III);
            assertThat(classIii.lines())
                    .containsExactly(
                            "drug-disease dd-dronedarone-heart-failure moderate MedicationRequest/mr2 Condition/cond1");

            ChartBuilder none = heartFailureWith("233698", "dronedarone");
            assertThat(none.lines())
                    .containsExactly(
                            "drug-disease dd-dronedarone-heart-failure moderate MedicationRequest/mr2 Condition/cond1");
            assertThat(none.conflicts().get(0).detail()).contains("(NYHA class not recorded).");
        }

        /** The label: contraindicated after a recent decompensation requiring hospitalization, whatever the class. */
        @Test
        void dronedaroneAfterAHospitalStayForHeartFailureInTheLast30DaysIsContraindicated() {
            ChartBuilder chart = heartFailureWith("233698", "dronedarone");
            chart.nyha("2026-06-01", CLASS_III);
            chart.stay("IMP", "2026-06-10", "2026-06-15", chart.conditions.get(0));
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-disease dd-dronedarone-heart-failure high MedicationRequest/mr2 Condition/cond1");
            assertThat(chart.conflicts().get(0).detail())
                    .contains("(NYHA class III (Observation/obs3); recent decompensation: hospital stay for"
                            + " heart-failure, ended 2026-06-15 (Encounter/enc4)).");
        }

        @Test
        void aStayCountsUntil30DaysAfterItEndedAndFromTheDayItBegan() {
            assertThat(dronedaroneAfter("IMP", "2026-05-20", "2026-05-31")).isEqualTo("high");
            assertThat(dronedaroneAfter("IMP", "2026-05-20", "2026-05-30")).isEqualTo("moderate");
            // still in hospital on the day
            assertThat(dronedaroneAfter("ACUTE", "2026-06-28", null)).isEqualTo("high");
            assertThat(dronedaroneAfter("NONAC", "2026-06-30", null)).isEqualTo("high");
            // begun after the day judged
            assertThat(dronedaroneAfter("IMP", "2026-07-01", "2026-07-03")).isEqualTo("moderate");
            // known only by its end, or by nothing: the end decides; no date is no evidence of a recent stay
            assertThat(dronedaroneAfter("IMP", null, "2026-06-20")).isEqualTo("high");
            assertThat(dronedaroneAfter("IMP", null, null)).isEqualTo("moderate");
            // an outpatient or emergency visit is no hospitalization
            assertThat(dronedaroneAfter("AMB", "2026-06-20", "2026-06-20")).isEqualTo("moderate");
            assertThat(dronedaroneAfter("EMER", "2026-06-20", "2026-06-20")).isEqualTo("moderate");
        }

        @Test
        void theStayMustBeForHeartFailureByReasonCodeReasonOrDiagnosis() {
            ChartBuilder other = heartFailureWith("233698", "dronedarone");
            Condition pneumonia = other.condition(SNOMED, "233604007", A);
            other.stay("IMP", "2026-06-10", "2026-06-15", pneumonia);
            other.stay("IMP", "2026-06-20", "2026-06-22", null);
            assertThat(other.conflicts())
                    .singleElement()
                    .satisfies(c -> assertThat(c.severity()).isEqualTo("moderate"));

            ChartBuilder byCode = heartFailureWith("233698", "dronedarone");
            byCode.stay("IMP", "2026-06-10", "2026-06-15", null)
                    .addReasonCode(new CodeableConcept(new Coding(SNOMED, "88805009", null)));
            assertThat(byCode.conflicts().get(0).severity()).isEqualTo("high");

            ChartBuilder byDiagnosis = heartFailureWith("233698", "dronedarone");
            byDiagnosis
                    .stay("IMP", "2026-06-10", "2026-06-15", null)
                    .addDiagnosis()
                    .setCondition(new Reference("Condition/cond1"));
            assertThat(byDiagnosis.conflicts().get(0).severity()).isEqualTo("high");

            ChartBuilder cancelled = heartFailureWith("233698", "dronedarone");
            cancelled
                    .stay("IMP", "2026-06-10", "2026-06-15", cancelled.conditions.get(0))
                    .setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.CANCELLED);
            assertThat(cancelled.conflicts().get(0).severity()).isEqualTo("moderate");
        }

        @Test
        void aRecentStayDoesNotRegradeRulesWithoutIt() {
            ChartBuilder chart = heartFailureWith("33738", "pioglitazone");
            chart.nyha("2026-06-01", CLASS_II);
            chart.stay("IMP", "2026-06-10", "2026-06-15", chart.conditions.get(0));
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-disease dd-tzd-heart-failure moderate MedicationRequest/mr2 Condition/cond1");
        }

        private String dronedaroneAfter(String actCode, String start, String end) {
            ChartBuilder chart = heartFailureWith("233698", "dronedarone");
            chart.stay(actCode, start, end, chart.conditions.get(0));
            return chart.conflicts().get(0).severity();
        }

        @Test
        void aClassOnAnEnteredInErrorObservationCountsForNothing() {
            ChartBuilder chart = heartFailureWith("233698", "dronedarone");
            chart.nyha("2026-06-01", CLASS_IV)
                    .setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.ENTEREDINERROR);
            assertThat(chart.lines())
                    .containsExactly(
                            "drug-disease dd-dronedarone-heart-failure moderate MedicationRequest/mr2 Condition/cond1");
        }
    }

    @Nested
    class DrugDisease {

        ChartBuilder nsaidWith(String system, String code) {
            ChartBuilder chart = new ChartBuilder();
            chart.condition(system, code, A);
            chart.order(rx("198014", "Naproxen 500 MG Oral Tablet"), B);
            return chart;
        }

        @Test
        void anNsaidInHeartFailureOfAnyKind() {
            assertThat(nsaidWith(ICD10, "I50.9").lines())
                    .containsExactly("drug-disease dd-nsaid-heart-failure high MedicationRequest/mr2 Condition/cond1");
            assertThat(nsaidWith(ICD10, "I10").lines()).isEmpty();
        }

        ChartBuilder verapamilWith(String system, String code) {
            ChartBuilder chart = new ChartBuilder();
            chart.condition(system, code, A);
            chart.order(rx("897718", "Verapamil Hydrochloride 40 MG"), B);
            return chart;
        }

        @Test
        void aNonDihydropyridineCalciumChannelBlockerDependsOnTheEjectionFraction() {
            assertThat(verapamilWith(ICD10, "I50.22").lines())
                    .containsExactly("drug-disease dd-ndhp-ccb-hfref high MedicationRequest/mr2 Condition/cond1");
            assertThat(verapamilWith(ICD10, "I50.9").lines())
                    .containsExactly("drug-disease dd-ndhp-ccb-hfref moderate MedicationRequest/mr2 Condition/cond1");
            assertThat(verapamilWith(ICD10, "I50.9").conflicts().get(0).detail())
                    .contains("(ejection fraction unknown)");
            assertThat(verapamilWith(SNOMED, "88805009").lines()).hasSize(1);
            assertThat(verapamilWith(ICD10, "I50.32").lines()).isEmpty();
            assertThat(verapamilWith(SNOMED, "446221000").lines()).isEmpty();
        }

        @Test
        void anNsaidInChronicKidneyDiseaseStageFourOrFive() {
            assertThat(nsaidWith(ICD10, "N18.4").lines())
                    .containsExactly("drug-disease dd-nsaid-ckd-4-5 high MedicationRequest/mr2 Condition/cond1");
            assertThat(nsaidWith(SNOMED, "46177005").lines()).hasSize(1);
            assertThat(nsaidWith(ICD10, "N18.3").lines()).isEmpty();
        }

        @Test
        void anNsaidWithALatestEgfrUnderThirty() {
            ChartBuilder low = new ChartBuilder();
            low.egfr("2026-01-10", 45);
            low.egfr("2026-05-10", 29.9);
            low.order(rx("5640", "ibuprofen"), B);
            assertThat(low.lines())
                    .containsExactly("drug-disease dd-nsaid-ckd-4-5 high MedicationRequest/mr3 Observation/obs2");

            ChartBuilder recovered = new ChartBuilder();
            recovered.egfr("2026-01-10", 25);
            recovered.egfr("2026-05-10", 30);
            recovered.order(rx("5640", "ibuprofen"), B);
            assertThat(recovered.lines()).isEmpty();
        }

        @Test
        void aConditionThatIsNotConfirmedOrNotCurrentCountsForNothing() {
            ChartBuilder provisional = nsaidWith(ICD10, "I50.9");
            provisional
                    .conditions
                    .get(0)
                    .getVerificationStatus()
                    .getCodingFirstRep()
                    .setCode("provisional");
            assertThat(provisional.lines()).isEmpty();

            ChartBuilder resolved = nsaidWith(ICD10, "I50.9");
            resolved.conditions.get(0).getClinicalStatus().getCodingFirstRep().setCode("resolved");
            assertThat(resolved.lines()).isEmpty();
        }

        @Test
        void aConditionsAuthorIsItsAsserterElseItsRecorder() {
            ChartBuilder chart = nsaidWith(ICD10, "I50.9");
            Condition condition = chart.conditions.get(0);
            condition.setAsserter(null);
            condition.setRecorder(new Reference("Practitioner/recorder"));
            assertThat(chart.conflicts().get(0).second().authorKey()).isEqualTo("Practitioner/recorder");
        }

        ChartBuilder lorazepamInDementia(String born) {
            ChartBuilder chart = new ChartBuilder().born(born);
            chart.condition(ICD10, "F03.90", A);
            chart.order(rx("6470", "lorazepam"), B);
            return chart;
        }

        @Test
        void beersAppliesFromTheSixtyFifthBirthday() {
            assertThat(lorazepamInDementia("1961-06-30").lines())
                    .containsExactly(
                            "drug-disease beers-dementia-benzodiazepine moderate MedicationRequest/mr2 Condition/cond1");
            assertThat(lorazepamInDementia("1961-07-01").lines()).isEmpty();
        }

        @Test
        void aDeceasedOrInactivePatientHasNoConflicts() {
            ChartBuilder dead = nsaidWith(ICD10, "I50.9");
            dead.patient.setDeceased(new DateTimeType("2026-06-30"));
            assertThat(dead.lines()).isEmpty();
            ChartBuilder laterDeath = nsaidWith(ICD10, "I50.9");
            laterDeath.patient.setDeceased(new DateTimeType("2026-07-01"));
            assertThat(laterDeath.lines()).hasSize(1);
            ChartBuilder inactive = nsaidWith(ICD10, "I50.9");
            inactive.patient.setActive(false);
            assertThat(inactive.lines()).isEmpty();
        }
    }

    @Nested
    class Duplicates {

        @Test
        void twoSsrisFromTwoPrescribers() {
            ChartBuilder chart = new ChartBuilder();
            chart.order(rx("36437", "sertraline"), A);
            chart.order(rx("406022", "Fluoxetine 25MG"), B);
            assertThat(chart.lines())
                    .containsExactly(
                            "duplicate-therapy duplicate-therapy moderate MedicationRequest/mr1 MedicationRequest/mr2");
            assertThat(chart.conflicts().get(0).summary()).endsWith(": two Selective serotonin reuptake inhibitors");
        }

        @Test
        void oneIngredientTwiceAndBySameAuthor() {
            ChartBuilder chart = new ChartBuilder();
            chart.order(rx("849574", "Naproxen sodium 220 MG Oral Tablet"), A);
            chart.order(rx("7258", "naproxen"), A);
            assertThat(chart.lines())
                    .containsExactly(
                            "duplicate-therapy duplicate-therapy moderate MedicationRequest/mr1 MedicationRequest/mr2 same-author");
            assertThat(chart.conflicts().get(0).summary()).endsWith(": the same ingredient, naproxen");
        }

        @Test
        void oneSsriAloneAndAStatementOfItsOrderAreOneTherapy() {
            ChartBuilder chart = new ChartBuilder();
            MedicationRequest order = chart.order(rx("36437", "sertraline"), A);
            MedicationStatement statement = new MedicationStatement()
                    .setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                    .setMedication(rx("36437", "sertraline"))
                    .addBasedOn(new Reference("MedicationRequest/" + order.getIdPart()));
            statement.setId("ms1");
            chart.statements.add(statement);
            assertThat(chart.lines()).isEmpty();
            statement.setBasedOn(null);
            assertThat(chart.lines()).hasSize(1);
        }
    }

    @Nested
    class Goals {

        ChartBuilder twoPlans(Quantity first, double low, double high) {
            ChartBuilder chart = new ChartBuilder();
            chart.goal(chart.plan(A), "4548-4", first);
            chart.goal(chart.plan(B), "17856-6", low, high);
            return chart;
        }

        @Test
        void underSevenAndSevenToEightDoNotOverlap() {
            assertThat(twoPlans(below(7, "%"), 7, 8).lines())
                    .containsExactly("conflicting-goals conflicting-goals moderate Goal/goal2 Goal/goal4");
        }

        @Test
        void atMostSevenAndSevenToEightMeetAtSeven() {
            Quantity atMost = new Quantity(7)
                    .setComparator(Quantity.QuantityComparator.LESS_OR_EQUAL)
                    .setUnit("%");
            assertThat(twoPlans(atMost, 7, 8).lines()).isEmpty();
            assertThat(twoPlans(below(7, "%"), 6.5, 8).lines()).isEmpty();
        }

        @Test
        void mmolPerMolIsConvertedToNgspPercent() {
            ChartBuilder low = new ChartBuilder();
            low.goal(low.plan(A), "59261-8", below(48, "mmol/mol"));
            low.goal(low.plan(B), "4548-4", 7, 8);
            assertThat(low.lines()).hasSize(1);
            assertThat(low.conflicts().get(0).first().what()).isEqualTo("Hemoglobin A1c < 6.54 %");

            ChartBuilder meeting = new ChartBuilder();
            meeting.goal(meeting.plan(A), "59261-8", below(53, "mmol/mol"));
            meeting.goal(meeting.plan(B), "4548-4", 7, 8);
            assertThat(meeting.lines()).isEmpty();
        }

        @Test
        void twoGoalsOfOnePlanAreNotAConflictBetweenPlans() {
            ChartBuilder chart = new ChartBuilder();
            CarePlan plan = chart.plan(A);
            chart.goal(plan, "4548-4", below(7, "%"));
            chart.goal(plan, "4548-4", 7, 8);
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void aGoalsAuthorIsWhoExpressedItElseThePlansAuthor() {
            ChartBuilder chart = twoPlans(below(7, "%"), 7, 8);
            chart.goals.get(0).setExpressedBy(new Reference("Patient/p1"));
            Conflict conflict = chart.conflicts().get(0);
            assertThat(conflict.first().authorKey()).isEqualTo("Patient/p1");
            assertThat(conflict.second().authorKey()).isEqualTo(B);
        }
    }

    @Nested
    class Prohibited {

        @Test
        void aProhibitedDrugOrderedByAnotherPlan() {
            ChartBuilder chart = new ChartBuilder();
            CarePlan kidney = chart.plan(A);
            kidney.addActivity().getDetail().setDoNotPerform(true).setProduct(rx("5640", "ibuprofen"));
            CarePlan pain = chart.plan(B);
            chart.order(rx("310965", "Ibuprofen 200 MG Oral Tablet"), B, pain);
            assertThat(chart.lines())
                    .containsExactly(
                            "prohibited-vs-ordered prohibited-vs-ordered high CarePlan/plan1 MedicationRequest/mr3");
        }

        @Test
        void aProhibitedServiceOrderedByWordsOnly() {
            ChartBuilder chart = new ChartBuilder();
            CarePlan plan = chart.plan(A);
            plan.addActivity().getDetail().setDoNotPerform(true).setCode(text("Resistance exercise"));
            ServiceRequest request = new ServiceRequest()
                    .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                    .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                    .setCode(text("resistance exercise"))
                    .setRequester(new Reference(B));
            request.setId("sr1");
            chart.serviceRequests.add(request);
            assertThat(chart.lines())
                    .containsExactly(
                            "prohibited-vs-ordered prohibited-vs-ordered high CarePlan/plan1 ServiceRequest/sr1 text-only");
            request.setCode(new CodeableConcept(new Coding(SNOMED, "229070002", "Stretching exercises")));
            assertThat(chart.lines()).isEmpty();
        }

        @Test
        void whatIsNotProhibitedIsNoConflict() {
            ChartBuilder chart = new ChartBuilder();
            CarePlan kidney = chart.plan(A);
            kidney.addActivity().getDetail().setDoNotPerform(false).setProduct(rx("5640", "ibuprofen"));
            chart.order(rx("310965", "Ibuprofen 200 MG Oral Tablet"), B);
            assertThat(chart.lines())
                    .containsExactly(
                            "duplicate-therapy duplicate-therapy moderate MedicationRequest/mr2 CarePlan/plan1");
        }
    }
}
