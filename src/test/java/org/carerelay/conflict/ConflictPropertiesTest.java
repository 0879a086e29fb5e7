package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.carerelay.caregap.CareGapProperties;
import org.carerelay.conflict.rules.Knowledge;
import org.junit.jupiter.api.Test;

/** carerelay.conflicts extends the shipped knowledge, and a setting that names nothing stops the server. */
class ConflictPropertiesTest {

    static final String RX = Knowledge.RXNORM + "|";
    static final String SNOMED = "http://snomed.info/sct|";

    static CareGapProperties careGaps(Map<String, List<String>> concepts) {
        return new CareGapProperties(
                null, null, null, null, null, null, null, null, concepts, null, null, null, null, null, null);
    }

    @Test
    void theShippedFileIsReadWhenNothingIsSet() {
        Knowledge knowledge = new ConflictProperties(null, null, null, null).load(careGaps(null));
        assertThat(knowledge.version()).isEqualTo("2");
        // version 1 stays readable for whoever pins it
        assertThat(KnowledgeFile.read("conflicts/knowledge-v1.json").interactions())
                .hasSize(13);
        assertThat(knowledge.interactions()).hasSize(17);
        // the 15 pairs of the ONC list (Phansalkar 2012): two of them are two entries each
        assertThat(knowledge.interactions().stream()
                        .filter(i -> i.sources().contains("onc-ddi"))
                        .map(Knowledge.Interaction::pair)
                        .distinct())
                .hasSize(15);
        assertThat(knowledge.contraindications()).hasSize(41);
        assertThat(knowledge.classes().get("ssris").codes()).isEmpty();
    }

    @Test
    void classAndConditionCodesAreAdded() {
        Knowledge knowledge = new ConflictProperties(
                        KnowledgeFile.DEFAULT,
                        Map.of("ssris", List.of(RX + "312938")),
                        Map.of("heart-failure", List.of(SNOMED + "10335000")),
                        null)
                .load(careGaps(null));
        assertThat(knowledge.classes().get("ssris").codes()).containsExactly(RX + "312938");
        assertThat(knowledge.conditions().get("heart-failure")).contains(SNOMED + "10335000", SNOMED + "84114007");
    }

    @Test
    void theCareGapHeartFailureConceptAddsItsCodes() {
        Knowledge knowledge = new ConflictProperties(null, null, null, null)
                .load(careGaps(Map.of("heart-failure", List.of(SNOMED + "111111"))));
        assertThat(knowledge.conditions().get("heart-failure")).contains(SNOMED + "111111", SNOMED + "88805009");
        assertThat(knowledge.conditions()).doesNotContainKey("diabetes");
    }

    @Test
    void aSettingThatNamesNothingOrIsMalformedIsRefused() {
        assertThatThrownBy(() -> new ConflictProperties(null, Map.of("statinz", List.of(RX + "1")), null, null)
                        .load(careGaps(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown class 'statinz'");
        assertThatThrownBy(() -> new ConflictProperties(null, Map.of("ssris", List.of("312938")), null, null)
                        .load(careGaps(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be written as system|code");
        assertThatThrownBy(() ->
                        new ConflictProperties("conflicts/knowledge-v9.json", null, null, null).load(careGaps(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No knowledge file 'conflicts/knowledge-v9.json'");
    }
}
