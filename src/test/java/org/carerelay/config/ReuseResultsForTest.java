package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReuseResultsForTest {

    @ParameterizedTest
    @CsvSource({
        "jdbc:h2:file:./data/carerelay, 60",
        "jdbc:h2:./data/carerelay, 60",
        "jdbc:h2:mem:test, 60",
        "jdbc:h2:file:./data/carerelay;AUTO_SERVER=TRUE, 0",
        "jdbc:h2:tcp://localhost/~/carerelay, 0",
        "jdbc:h2:ssl://localhost/~/carerelay, 0",
        "jdbc:postgresql://localhost/carerelay, 0"
    })
    void byDefaultOnlyOnADatabaseThisProcessAloneWritesTo(String url, long seconds) {
        assertThat(StorageConfig.reuseResultsFor(null, url)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource({"jdbc:postgresql://localhost/carerelay, PT30S, 30", "jdbc:h2:mem:test, PT0S, 0"})
    void aConfiguredDurationWins(String url, Duration configured, long seconds) {
        assertThat(StorageConfig.reuseResultsFor(configured, url)).isEqualTo(Duration.ofSeconds(seconds));
    }
}
