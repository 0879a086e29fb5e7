package org.carerelay.conflict.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The knowledge file's own checks and the codes configuration adds: every dangling name or malformed code is refused
 * with a message that says which rule and what, and a well-formed edge of each check is accepted.
 */
class KnowledgeTest {

    static final Knowledge SHIPPED = ChartBuilder.KNOWLEDGE;
    static final String ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode|";
    static final String RX = Knowledge.RXNORM + "|";
    static final String SNOMED = "http://snomed.info/sct|";

    /** The shipped knowledge with other entries in place of some of its parts (null: keep the shipped part). */
    static Knowledge with(
            Map<String, List<String>> conditions,
            Map<String, List<String>> nyha,
            List<Knowledge.Interaction> interactions,
            List<Knowledge.Contraindication> contraindications,
            Knowledge.Duplicates duplicates,
            Knowledge.Goals goals,
            Knowledge.Prohibited prohibited) {
        return new Knowledge(
                SHIPPED.version(),
                SHIPPED.note(),
                SHIPPED.sources(),
                SHIPPED.classes(),
                conditions == null ? SHIPPED.conditions() : conditions,
                SHIPPED.egfr(),
                nyha == null ? SHIPPED.nyha() : nyha,
                interactions == null ? SHIPPED.interactions() : interactions,
                contraindications == null ? SHIPPED.contraindications() : contraindications,
                duplicates == null ? SHIPPED.duplicates() : duplicates,
                goals == null ? SHIPPED.goals() : goals,
                prohibited == null ? SHIPPED.prohibited() : prohibited);
    }

    static Knowledge withInteraction(Knowledge.Interaction interaction) {
        return with(null, null, List.of(interaction), List.of(), null, null, null);
    }

    static Knowledge withRule(Knowledge.Contraindication rule) {
        return with(null, null, List.of(), List.of(rule), null, null, null);
    }

    /** A contraindication of NSAIDs in heart failure, with the given parts. */
    static Knowledge.Contraindication rule(
            String drugs,
            String condition,
            Knowledge.Uncertain uncertain,
            List<String> exceptMembers,
            List<String> exceptConditions,
            Knowledge.Routes routes,
            List<String> sources,
            Knowledge.ByNyha nyha,
            Knowledge.Decompensation decompensation) {
        return new Knowledge.Contraindication(
                "r1",
                drugs,
                condition,
                uncertain,
                null,
                null,
                null,
                exceptMembers,
                exceptConditions,
                routes,
                null,
                "high",
                sources,
                "Stop it",
                nyha,
                decompensation);
    }

    static Knowledge.Contraindication nsaids(Knowledge.Decompensation decompensation) {
        return rule("nsaids", "heart-failure", null, null, null, null, List.of("aha-2016"), null, decompensation);
    }

    @Nested
    class Validation {

        @Test
        void theShippedKnowledgeIsValid() {
            assertThat(SHIPPED.validated()).isSameAs(SHIPPED);
        }

        @Test
        void anInteractionMustNameKnownClassesOnBothSidesAndKnownSources() {
            assertThatThrownBy(() -> withInteraction(
                                    new Knowledge.Interaction("i1", "statinz", "ssris", "high", List.of(), "x", null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'i1' names an unknown drug class 'statinz'");
            assertThatThrownBy(() -> withInteraction(
                                    new Knowledge.Interaction("i1", "ssris", "maoiz", "high", List.of(), "x", null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'i1' names an unknown drug class 'maoiz'");
            assertThatThrownBy(() -> withInteraction(new Knowledge.Interaction(
                                    "i1", "ssris", "maois", "high", List.of("onc-ddi", "onc-2099"), "x", null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Unknown source 'onc-2099'");
            Knowledge good = withInteraction(
                    new Knowledge.Interaction("i1", "ssris", "maois", "high", List.of("onc-ddi"), "x", null));
            assertThat(good.validated()).isSameAs(good);
        }

        @Test
        void aContraindicationMustNameAKnownClassConditionAndSources() {
            assertThatThrownBy(() -> withRule(rule(
                                    "nsaidz", "heart-failure", null, null, null, null, List.of("aha-2016"), null, null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'r1' names an unknown drug class 'nsaidz'");
            assertThatThrownBy(() -> withRule(rule(
                                    "nsaids", "heart-failur", null, null, null, null, List.of("aha-2016"), null, null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'r1' names an unknown condition 'heart-failur'");
            assertThatThrownBy(() -> withRule(rule(
                                    "nsaids", "heart-failure", null, null, null, null, List.of("aha-2017"), null, null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Unknown source 'aha-2017'");
        }

        @Test
        void anUncertainMatchMustNameKnownConditions() {
            Knowledge.Uncertain badBroad =
                    new Knowledge.Uncertain("heart-failur", List.of(), "moderate", "ejection fraction unknown");
            assertThatThrownBy(() -> withRule(rule(
                                    "non-dhp-ccbs",
                                    "heart-failure-reduced-ef",
                                    badBroad,
                                    null,
                                    null,
                                    null,
                                    List.of("aha-2016"),
                                    null,
                                    null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'r1' names an unknown condition 'heart-failur'");
            Knowledge.Uncertain badUnless = new Knowledge.Uncertain(
                    "heart-failure", List.of("heart-failure-preserved-ef", "hfpef"), "moderate", "unknown");
            assertThatThrownBy(() -> withRule(rule(
                                    "non-dhp-ccbs",
                                    "heart-failure-reduced-ef",
                                    badUnless,
                                    null,
                                    null,
                                    null,
                                    List.of("aha-2016"),
                                    null,
                                    null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'r1' names an unknown condition 'hfpef'");
        }

        @Test
        void anExceptedMemberIsAMemberByNameInAnyCaseOrAnAtcCodeUnderTheClass() {
            Knowledge byName = withRule(rule(
                    "nsaids", "heart-failure", null, List.of("NAPROXEN"), null, null, List.of("aha-2016"), null, null));
            assertThat(byName.validated()).isSameAs(byName);
            String atc = SHIPPED.classes().get("nsaids").atc().get(0);
            Knowledge byAtc = withRule(rule(
                    "nsaids", "heart-failure", null, List.of(atc + "01"), null, null, List.of("aha-2016"), null, null));
            assertThat(byAtc.validated()).isSameAs(byAtc);
            assertThatThrownBy(() -> withRule(rule(
                                    "nsaids",
                                    "heart-failure",
                                    null,
                                    List.of("naproxen", "N02BE01"),
                                    null,
                                    null,
                                    List.of("aha-2016"),
                                    null,
                                    null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'r1' excepts 'N02BE01', which is neither a member nor an ATC code of class"
                            + " 'nsaids'");
        }

        @Test
        void aSexIsFemaleOrMaleAndAnExceptingConditionIsKnown() {
            for (String sex : List.of("female", "male")) {
                Knowledge ok = withRule(withSex(sex, List.of("seizure-disorder")));
                assertThat(ok.validated()).isSameAs(ok);
            }
            assertThatThrownBy(() -> withRule(withSex("Female", List.of())).validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'r1' names sex 'Female'; it must be female or male");
            assertThatThrownBy(() -> withRule(withSex(null, List.of("seizure-disorder", "epilepsy")))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'r1' names an unknown condition 'epilepsy'");
        }

        private Knowledge.Contraindication withSex(String sex, List<String> exceptConditions) {
            return new Knowledge.Contraindication(
                    "r1",
                    "antiepileptics",
                    "falls-or-fractures",
                    null,
                    null,
                    65,
                    sex,
                    null,
                    exceptConditions,
                    null,
                    null,
                    "moderate",
                    List.of("beers-2023"),
                    "x",
                    null,
                    null);
        }

        @Test
        void anExcludedRouteIsACodeWithItsSystem() {
            Knowledge good = withRule(rule(
                    "nsaids",
                    "heart-failure",
                    null,
                    null,
                    null,
                    new Knowledge.Routes(List.of(SNOMED + "16857009"), List.of("vaginal")),
                    List.of("aha-2016"),
                    null,
                    null));
            assertThat(good.validated()).isSameAs(good);
            assertThatThrownBy(() -> withRule(rule(
                                    "nsaids",
                                    "heart-failure",
                                    null,
                                    null,
                                    null,
                                    new Knowledge.Routes(List.of("16857009"), null),
                                    List.of("aha-2016"),
                                    null,
                                    null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Code '16857009' of excludedRoutes of r1 must be written as system|code");
        }

        @Test
        void aDecompensationLooksBackAtLeastOneDayOverWellWrittenClasses() {
            Knowledge oneDay = withRule(nsaids(new Knowledge.Decompensation(1, List.of(ACT + "IMP"), "high")));
            assertThat(oneDay.validated()).isSameAs(oneDay);
            assertThatThrownBy(() -> withRule(nsaids(new Knowledge.Decompensation(0, List.of(ACT + "IMP"), "high")))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'r1': decompensation.withinDays must be positive");
            assertThatThrownBy(() -> withRule(nsaids(new Knowledge.Decompensation(30, List.of("IMP"), "high")))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Code 'IMP' of r1.decompensation.classes must be written as system|code");
        }

        @Test
        void aCodeNeedsASystemBeforeTheBarAndACodeAfterIt() {
            assertThat(with(Map.of("c", List.of("s|c")), null, List.of(), List.of(), null, null, null)
                            .validated()
                            .conditions())
                    .containsExactly(Map.entry("c", List.of("s|c")));
            for (String code : List.of("|84114007", "http://snomed.info/sct|", "84114007")) {
                assertThatThrownBy(() -> with(
                                        Map.of("heart-failure", List.of(code)),
                                        null,
                                        List.of(),
                                        List.of(),
                                        null,
                                        null,
                                        null)
                                .validated())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("Code '" + code + "' of conditions.heart-failure must be written as system|code");
            }
        }

        @Test
        void theDuplicateGoalAndProhibitedEntriesNameKnownClassesAndSources() {
            Knowledge.Duplicates duplicates = SHIPPED.duplicates();
            assertThatThrownBy(() -> with(
                                    null,
                                    null,
                                    null,
                                    null,
                                    new Knowledge.Duplicates(
                                            "dup", List.of("ssris", "ssriz"), "moderate", duplicates.sources(), "x"),
                                    null,
                                    null)
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'dup' names an unknown drug class 'ssriz'");
            assertThatThrownBy(() -> with(
                                    null,
                                    null,
                                    null,
                                    null,
                                    new Knowledge.Duplicates("dup", List.of("ssris"), "moderate", List.of("atc"), "x"),
                                    null,
                                    null)
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Unknown source 'atc'");
            Knowledge.Goals goals = SHIPPED.goals();
            assertThatThrownBy(() -> with(
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    new Knowledge.Goals(
                                            goals.id(),
                                            goals.severity(),
                                            List.of("ada-2025"),
                                            goals.action(),
                                            goals.measures()),
                                    null)
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Unknown source 'ada-2025'");
            assertThatThrownBy(() -> with(
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    new Knowledge.Prohibited("p", "high", List.of("fhir"), "x"))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Unknown source 'fhir'");
        }

        @Test
        void nyhaCodesAreWellWrittenAndARuleGradesOnlyKnownClasses() {
            assertThatThrownBy(() -> with(null, Map.of("I", List.of("420300004")), null, null, null, null, null)
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Code '420300004' of nyha.I must be written as system|code");
            Knowledge.Contraindication graded = rule(
                    "nsaids",
                    "heart-failure",
                    null,
                    null,
                    null,
                    null,
                    List.of("aha-2016"),
                    new Knowledge.ByNyha(new LinkedHashMap<>(Map.of("IV", "high"))),
                    null);
            Knowledge known = withRule(graded);
            assertThat(known.validated()).isSameAs(known);
            Map<String, String> severities = new LinkedHashMap<>();
            severities.put("IV", "high");
            severities.put("V", "high");
            severities.put("VI", "high");
            assertThatThrownBy(() -> withRule(rule(
                                    "nsaids",
                                    "heart-failure",
                                    null,
                                    null,
                                    null,
                                    null,
                                    List.of("aha-2016"),
                                    new Knowledge.ByNyha(severities),
                                    null))
                            .validated())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'r1' names an unknown NYHA class 'V'; known classes: [I, II, III, IV]");
        }

        @Test
        void aFileWithoutNyhaClassesHasNone() {
            Knowledge none = new Knowledge(
                    SHIPPED.version(),
                    SHIPPED.note(),
                    SHIPPED.sources(),
                    SHIPPED.classes(),
                    SHIPPED.conditions(),
                    SHIPPED.egfr(),
                    null,
                    SHIPPED.interactions(),
                    List.of(),
                    SHIPPED.duplicates(),
                    SHIPPED.goals(),
                    SHIPPED.prohibited());
            assertThat(none.nyha()).isEmpty();
            assertThat(none.validated()).isSameAs(none);
        }
    }

    @Nested
    class Stays {

        @Test
        void theShippedDronedaroneRuleReadsStaysOfThirtyDaysInHospital() {
            assertThat(SHIPPED.stayDays()).isEqualTo(30);
            assertThat(SHIPPED.stayClasses()).containsExactly(ACT + "IMP", ACT + "ACUTE", ACT + "NONAC");
        }

        @Test
        void theLongestLookBackAndEveryClassOnceOverAllRules() {
            Knowledge two = with(
                    null,
                    null,
                    List.of(),
                    List.of(
                            nsaids(new Knowledge.Decompensation(30, List.of(ACT + "IMP", ACT + "ACUTE"), "high")),
                            nsaids(null),
                            nsaids(new Knowledge.Decompensation(60, List.of(ACT + "ACUTE", ACT + "NONAC"), "high")),
                            nsaids(new Knowledge.Decompensation(7, List.of(ACT + "IMP"), "high"))),
                    null,
                    null,
                    null);
            assertThat(two.stayDays()).isEqualTo(60);
            assertThat(two.stayClasses()).containsExactly(ACT + "IMP", ACT + "ACUTE", ACT + "NONAC");
        }

        @Test
        void noDecompensationRuleReadsNoStays() {
            Knowledge none = withRule(nsaids(null));
            assertThat(none.stayDays()).isZero();
            assertThat(none.stayClasses()).isEmpty();
        }
    }

    @Nested
    class Extension {

        @Test
        void classCodesAreAddedAfterTheClassesOwnAndTheRestIsKept() {
            Knowledge once = SHIPPED.extendedWith(Map.of("ssris", List.of(RX + "1")), Map.of());
            Knowledge twice = once.extendedWith(Map.of("ssris", List.of(RX + "2", RX + "3")), Map.of());
            Knowledge.DrugClass shipped = SHIPPED.classes().get("ssris");
            Knowledge.DrugClass ssris = twice.classes().get("ssris");
            assertThat(ssris.codes()).containsExactly(RX + "1", RX + "2", RX + "3");
            assertThat(ssris.display()).isEqualTo(shipped.display());
            assertThat(ssris.atc()).isEqualTo(shipped.atc());
            assertThat(ssris.members()).isEqualTo(shipped.members());
            assertThat(ssris.membership()).isEqualTo(shipped.membership());
            assertThat(twice.classes().keySet())
                    .containsExactlyElementsOf(SHIPPED.classes().keySet());
            assertThat(twice.classes().get("nsaids")).isSameAs(SHIPPED.classes().get("nsaids"));
            assertThat(twice)
                    .usingRecursiveComparison()
                    .ignoringFields("classes")
                    .isEqualTo(SHIPPED);
        }

        @Test
        void anUnknownClassIsRefusedWithTheKnownOnes() {
            assertThatThrownBy(() -> SHIPPED.extendedWith(Map.of("ssri", List.of(RX + "1")), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("carerelay.conflicts.class-codes names an unknown class 'ssri'; known classes: "
                            + SHIPPED.classes().keySet());
            assertThatThrownBy(() -> SHIPPED.extendedWith(Map.of("ssris", List.of("1")), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Code '1' of class-codes.ssris must be written as system|code");
        }

        @Test
        void conditionCodesAreAddedOnceAndANewConceptIsDefined() {
            List<String> shipped = SHIPPED.conditions().get("heart-failure");
            Knowledge extended = SHIPPED.extendedWith(
                    Map.of(),
                    new LinkedHashMap<>(Map.of(
                            "heart-failure",
                            List.of(shipped.get(0), SNOMED + "10335000", SNOMED + "10335000"),
                            "gout",
                            List.of(SNOMED + "90560007"))));
            List<String> expected = new ArrayList<>(shipped);
            expected.add(SNOMED + "10335000");
            assertThat(extended.conditions().get("heart-failure")).containsExactlyElementsOf(expected);
            assertThat(extended.conditions().get("gout")).containsExactly(SNOMED + "90560007");
            assertThat(extended.conditions().get("dementia"))
                    .isEqualTo(SHIPPED.conditions().get("dementia"));
            assertThatThrownBy(() -> SHIPPED.extendedWith(Map.of(), Map.of("gout", List.of("90560007"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Code '90560007' of condition-codes.gout must be written as system|code");
        }
    }

    @Test
    void anUnknownSourceIsRefusedByName() {
        assertThat(SHIPPED.source("onc-ddi").shortName()).isEqualTo("ONC high-priority DDI list (Phansalkar 2012)");
        assertThatThrownBy(() -> SHIPPED.source("onc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown source 'onc'");
    }

    @Test
    void aContraindicationCountsHistoryOnlyWhenItSaysSo() {
        Knowledge.Contraindication rule = nsaids(null);
        assertThat(rule.countsHistory()).isFalse();
        Knowledge.Contraindication history = new Knowledge.Contraindication(
                "r1",
                "nsaids",
                "falls-or-fractures",
                null,
                null,
                65,
                null,
                null,
                null,
                null,
                true,
                "moderate",
                List.of("beers-2023"),
                "x",
                null,
                null);
        assertThat(history.countsHistory()).isTrue();
        assertThat(history.exceptMembers()).isEmpty();
        assertThat(history.exceptConditions()).isEmpty();
        assertThat(new Knowledge.Routes(null, null).codes()).isEmpty();
        assertThat(new Knowledge.Routes(null, null).words()).isEmpty();
    }
}
