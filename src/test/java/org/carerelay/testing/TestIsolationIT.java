package org.carerelay.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.carerelay.CareRelayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

/** The isolation check is wired into every application a test starts, and stops it before any database opens. */
class TestIsolationIT {

    @Test
    void anApplicationOnADatabaseNoTestCreatedDoesNotStart() {
        // harmless even if the check were missing: a folder under target/ that nothing else uses
        String url = "jdbc:h2:file:"
                + Path.of("target", "it-h2", "not-created-by-a-test", "db").toAbsolutePath();

        assertThatThrownBy(() -> SpringApplication.run(
                                CareRelayApplication.class,
                                "--spring.datasource.url=" + url,
                                "--server.port=0",
                                "--management.server.port=0")
                        .close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("A test may only use what it created: spring.datasource.url is " + url
                        + ", not a database created by TestDatabase");
    }
}
