package org.carerelay.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.SyntheaLoad;
import org.junit.jupiter.api.Test;

/**
 * A system-level export of the 108 Synthea patients of {@code ../shared/data/synthea} (about 28,000 resources; skipped
 * without the shared data, and covered by {@link ExportIT} on generated data): the NDJSON files hold, type by type,
 * exactly as many resources as the server stores.
 */
class SyntheaExportIT extends AbstractFhirIT {

    @Test
    void exportOfTheSyntheaPopulationHoldsExactlyWhatIsStored() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        Map<String, Integer> stored = new TreeMap<>();
        for (String type : synthea.inFiles.keySet()) {
            Response count = http.get("/" + type + "?_summary=count");
            assertThat(count.status()).isEqualTo(200);
            stored.put(type, BulkExportClient.read(count.body()).get("total").asInt());
        }
        BulkExportClient bulk = new BulkExportClient(http, Map.of());

        JsonNode manifest = bulk.manifest(bulk.started("/$export?_type=" + String.join(",", synthea.inFiles.keySet())));

        assertThat(manifest.get("error")).isEmpty();
        assertThat(bulk.countsInFiles(manifest)).isEqualTo(stored);
        assertThat(stored.get("Patient")).isGreaterThanOrEqualTo(108);
    }
}
