package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The Synthea patients in {@code ../shared/data/synthea} load as transactions, hospitals and practitioners first, and
 * afterwards the server holds exactly as many resources of each type as the files carry.
 */
class SyntheaIT extends AbstractFhirIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void syntheaBundlesLoadAsTransactionsWithExactCountsPerType() throws IOException {
        List<Path> bundles = orderedBundles(SharedData.folder("synthea"));
        Map<String, Integer> expected = new TreeMap<>();
        for (Path bundle : bundles) {
            for (JsonNode entry : JSON.readTree(bundle.toFile()).get("entry")) {
                expected.merge(entry.get("resource").get("resourceType").asText(), 1, Integer::sum);
            }
        }
        Map<String, Integer> before = counts(expected.keySet());

        for (Path bundle : bundles) {
            Response response =
                    http.send("POST", "", "application/fhir+json", HttpRequest.BodyPublishers.ofFile(bundle));
            assertThat(response.status()).as(bundle.getFileName().toString()).isEqualTo(200);
        }

        Map<String, Integer> after = counts(expected.keySet());
        Map<String, Integer> added = new TreeMap<>();
        after.forEach((type, count) -> added.put(type, count - before.get(type)));
        assertThat(added).isEqualTo(expected);
        assertThat(expected.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(20_000);
    }

    private Map<String, Integer> counts(Iterable<String> types) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (String type : types) {
            Response response = http.get("/" + type + "?_summary=count");
            assertThat(response.status()).isEqualTo(200);
            counts.put(type, JSON.readTree(response.body()).get("total").asInt());
        }
        return counts;
    }

    private static List<Path> orderedBundles(Path folder) throws IOException {
        List<Path> first = new ArrayList<>();
        List<Path> patients = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(f -> {
                String name = f.getFileName().toString();
                (name.startsWith("hospitalInformation") || name.startsWith("practitionerInformation")
                                ? first
                                : patients)
                        .add(f);
            });
        }
        first.addAll(patients);
        return first;
    }
}
