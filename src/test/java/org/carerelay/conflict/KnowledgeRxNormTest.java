package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.carerelay.conflict.rules.Knowledge;
import org.carerelay.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The RxNorm codes of the shipped knowledge against the Synthea files of {@code ../shared/data}: a code that occurs
 * there is named there with the member's ingredient, and a member says so in {@code checked}. Ingredient codes never
 * occur there; codes that do not occur are not checked (no RxNorm release offline).
 */
class KnowledgeRxNormTest {

    /** Synthea's own misspelling of a simvastatin product. */
    static final Map<String, String> MISSPELT = Map.of("316672", "simvistatin");

    @Test
    void everyCodeFoundInTheSyntheaFilesNamesItsIngredient() throws IOException {
        Map<String, Set<String>> displays = rxnormDisplays(SharedData.folder("synthea"));
        Knowledge knowledge = KnowledgeFile.read(KnowledgeFile.DEFAULT);
        Set<String> confirmed = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        knowledge.classes().forEach((id, drugClass) -> {
            for (Knowledge.Member member : drugClass.members()) {
                List<String> codes = new ArrayList<>(member.products());
                if (member.rxnorm() != null) {
                    codes.add(member.rxnorm());
                }
                for (String code : codes) {
                    if (!displays.containsKey(code)) {
                        continue;
                    }
                    String name = MISSPELT.getOrDefault(code, member.name().toLowerCase(Locale.ROOT));
                    for (String display : displays.get(code)) {
                        if (!display.toLowerCase(Locale.ROOT).contains(name)) {
                            wrong.add(id + "/" + member.name() + " " + code + " is '" + display + "' there");
                        }
                    }
                    if (member.checked() == null || !member.checked().contains(code)) {
                        wrong.add(id + "/" + member.name() + " " + code + " is not said to be checked");
                    }
                    confirmed.add(code);
                }
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(confirmed)
                .containsExactly(
                        "1043400", "1049221", "1049630", "106258", "1153378", "1310197", "1363309", "1534809",
                        "1599803", "1860154", "198014", "235389", "259255", "308971", "310436", "310965", "312961",
                        "316672", "328670", "406022", "477045", "563026", "849574", "856980", "857005", "861467",
                        "897718");
    }

    /** Each RxNorm code of a medication order, statement or Medication in the files, with the displays it has there. */
    static Map<String, Set<String>> rxnormDisplays(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Set<String>> displays = new HashMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (JsonNode entry : json.readTree(file.toFile()).path("entry")) {
                    JsonNode resource = entry.path("resource");
                    JsonNode concept = switch (resource.path("resourceType").asText()) {
                        case "MedicationRequest", "MedicationStatement" -> resource.path("medicationCodeableConcept");
                        case "Medication" -> resource.path("code");
                        default -> null;
                    };
                    if (concept == null) {
                        continue;
                    }
                    for (JsonNode coding : concept.path("coding")) {
                        if (Knowledge.RXNORM.equals(coding.path("system").asText())) {
                            displays.computeIfAbsent(coding.path("code").asText(), c -> new HashSet<>())
                                    .add(coding.path("display").asText());
                        }
                    }
                }
            }
        }
        return displays;
    }
}
