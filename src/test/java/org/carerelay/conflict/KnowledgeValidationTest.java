package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.carerelay.conflict.rules.Knowledge;
import org.junit.jupiter.api.Test;

/** A knowledge file whose Beers-style entries name a sex, member, condition or route wrongly stops the server. */
class KnowledgeValidationTest {

    static final Knowledge SHIPPED = KnowledgeFile.read(KnowledgeFile.DEFAULT);

    static Knowledge.Contraindication entry(
            String sex, List<String> exceptMembers, List<String> exceptConditions, Knowledge.Routes routes) {
        return new Knowledge.Contraindication(
                "test-entry",
                "antipsychotics",
                "parkinson-disease",
                null,
                null,
                65,
                sex,
                exceptMembers,
                exceptConditions,
                routes,
                null,
                "moderate",
                List.of("beers-2023"),
                "Avoid",
                null,
                null);
    }

    static Knowledge with(Knowledge.Contraindication entry) {
        return new Knowledge(
                SHIPPED.version(),
                SHIPPED.note(),
                SHIPPED.sources(),
                SHIPPED.classes(),
                SHIPPED.conditions(),
                SHIPPED.egfr(),
                SHIPPED.nyha(),
                SHIPPED.interactions(),
                List.of(entry),
                SHIPPED.duplicates(),
                SHIPPED.goals(),
                SHIPPED.prohibited());
    }

    @Test
    void aWellFormedEntryIsAccepted() {
        Knowledge knowledge = with(entry(
                        "female",
                        List.of("quetiapine", "N05AH04"),
                        List.of("seizure-disorder"),
                        new Knowledge.Routes(List.of("http://snomed.info/sct|16857009"), List.of("vaginal"))))
                .validated();
        assertThat(knowledge.contraindications()).hasSize(1);
    }

    @Test
    void aSexOtherThanFemaleOrMaleIsRefused() {
        assertThatThrownBy(() -> with(entry("women", null, null, null)).validated())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rule 'test-entry' names sex 'women'; it must be female or male");
    }

    @Test
    void anExceptedMemberOutsideTheClassIsRefused() {
        assertThatThrownBy(() ->
                        with(entry(null, List.of("quetiapin"), null, null)).validated())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rule 'test-entry' excepts 'quetiapin', which is neither a member nor an ATC code of"
                        + " class 'antipsychotics'");
    }

    @Test
    void anExceptingConditionThatIsNotDefinedIsRefused() {
        assertThatThrownBy(
                        () -> with(entry(null, null, List.of("epilepsy"), null)).validated())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rule 'test-entry' names an unknown condition 'epilepsy'");
    }

    @Test
    void aRouteCodeWithoutItsSystemIsRefused() {
        assertThatThrownBy(() -> with(entry(null, null, null, new Knowledge.Routes(List.of("16857009"), null)))
                        .validated())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Code '16857009' of excludedRoutes of test-entry must be written as system|code");
    }

    @Test
    void everyShippedSourceOfTheBeersEntriesSaysHowItIsApplied() {
        assertThat(SHIPPED.source("beers-2023").note())
                .contains("moderate severity")
                .contains("copyrighted by the American Geriatrics Society");
        assertThat(SHIPPED.source("beers-2023-table-6").url()).isEqualTo("https://doi.org/10.1111/jgs.18372");
    }
}
