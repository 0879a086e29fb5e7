package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.SyntheaLoad;
import org.junit.jupiter.api.Test;

/**
 * The Synthea patients in {@code ../shared/data/synthea} load as transactions, hospitals and practitioners first, and
 * afterwards the server holds exactly as many resources of each type as the files carry.
 */
class SyntheaIT extends AbstractFhirIT {

    @Test
    void syntheaBundlesLoadAsTransactionsWithExactCountsPerType() {
        SyntheaLoad synthea = SyntheaLoad.once(http);

        assertThat(synthea.added).isEqualTo(synthea.inFiles);
        assertThat(synthea.inFiles.values().stream().mapToInt(Integer::intValue).sum())
                .as("resources in the 108 patient, hospital and practitioner bundles")
                .isEqualTo(28_156);
    }
}
