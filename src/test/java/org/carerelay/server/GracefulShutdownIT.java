package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.PairWriters;
import org.carerelay.testing.ReservedPort;
import org.carerelay.testing.ServerArguments;
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
        int port = ReservedPort.reserve();
        Path log = folder.resolve("server.log");
        Process server = new ProcessBuilder(command(database, port))
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String base = "http://localhost:" + port + "/fhir";
        try {
            await().atMost(Duration.ofMinutes(6))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> started(server, base, log));

            PairWriters writers = new PairWriters(base);
            writers.start(4);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> writers.acknowledged().size() >= 8);

            server.destroy(); // SIGTERM

            assertThat(server.waitFor(90, TimeUnit.SECONDS))
                    .as("stopped within its grace period")
                    .isTrue();
            writers.stop();
            assertThat(server.exitValue()).as(tail(log)).isZero();
            assertThat(Files.readString(log)).contains("Graceful shutdown complete");

            Set<String> patients = stored(database, "Patient");
            Set<String> observations = stored(database, "Observation");
            assertThat(patients).as("no transaction stored in part").isEqualTo(observations);
            assertThat(patients).as("acknowledged, so stored").containsAll(writers.acknowledged());
            assertThat(patients)
                    .as("not acknowledged, so not stored")
                    .doesNotContainAnyElementsOf(writers.notAcknowledged());
        } finally {
            server.destroyForcibly();
        }
    }

    /** Whether the server answers; fails at once, with its log, if it has exited. */
    private static boolean started(Process server, String base, Path log) throws IOException, InterruptedException {
        assertThat(server.isAlive())
                .as("the server exited before it started:\n%s", tail(log))
                .isTrue();
        try {
            return PairWriters.get(base + "/metadata").statusCode() == 200;
        } catch (IOException notYet) {
            return false;
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

    /** The server as an operator starts it: the application's classes and libraries, not the tests'. */
    private static List<String> command(Map<String, String> database, int port) {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                CareRelayApplication.class.getName()));
        command.addAll(Arrays.asList(ServerArguments.of(database, port)));
        return command;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
