package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.carerelay.testing.PairWriters;
import org.carerelay.testing.ServerProcess;
import org.carerelay.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a server JVM with transactions in flight: it finishes what it took, exits 0, and every transaction is
 * either stored whole and acknowledged, or not stored at all and not acknowledged (read from the database itself).
 */
class GracefulShutdownIT {

    @TempDir
    Path folder;

    @Test
    void sigtermFinishesTheRequestsInFlightAndExitsZero() throws Exception {
        Map<String, String> database = TestDatabase.freshDatabase();
        try (ServerProcess server = ServerProcess.start(database, folder, "server")) {
            PairWriters writers = new PairWriters(server.base());
            writers.start(4);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> writers.acknowledged().size() >= 8);

            server.process().destroy(); // SIGTERM

            assertThat(server.process().waitFor(90, TimeUnit.SECONDS))
                    .as("stopped within its grace period")
                    .isTrue();
            writers.stop();
            assertThat(server.process().exitValue()).as(server.tail()).isZero();
            assertThat(server.log()).contains("Graceful shutdown complete");

            Set<String> patients = stored(database, "Patient");
            Set<String> observations = stored(database, "Observation");
            assertThat(patients).as("no transaction stored in part").isEqualTo(observations);
            assertThat(patients).as("acknowledged, so stored").containsAll(writers.acknowledged());
            assertThat(patients)
                    .as("not acknowledged, so not stored")
                    .doesNotContainAnyElementsOf(writers.notAcknowledged());
        }
    }

    /** The identifiers of the test's resources of one type, read from the database once the server has gone. */
    private static Set<String> stored(Map<String, String> database, String type) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(
                        database.get("spring.datasource.url"),
                        database.get("spring.datasource.username"),
                        database.get("spring.datasource.password"));
                PreparedStatement select = connection.prepareStatement("SELECT t.SP_VALUE FROM HFJ_SPIDX_TOKEN t"
                        + " JOIN HFJ_RESOURCE r ON r.RES_ID = t.RES_ID"
                        + " WHERE t.SP_NAME = 'identifier' AND t.SP_SYSTEM = ? AND t.RES_TYPE = ?"
                        + " AND r.RES_DELETED_AT IS NULL")) {
            select.setString(1, PairWriters.SYSTEM);
            select.setString(2, type);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
