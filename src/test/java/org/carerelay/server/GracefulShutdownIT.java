package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.PairWriters;
import org.carerelay.testing.ReservedPort;
import org.carerelay.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SIGTERM to a server JVM with transactions in flight: it finishes what it took, exits 0, and every transaction is
 * either stored whole and acknowledged, or not stored at all and not acknowledged.
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
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> PairWriters.get(base + "/metadata").statusCode() == 200);

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

            Set<String> patients;
            Set<String> observations;
            try (ConfigurableApplicationContext again =
                    SpringApplication.run(CareRelayApplication.class, arguments(database, 0))) {
                String restarted = "http://localhost:"
                        + ((WebServerApplicationContext) again).getWebServer().getPort() + "/fhir";
                patients = PairWriters.stored(restarted, "Patient");
                observations = PairWriters.stored(restarted, "Observation");
            }
            assertThat(patients).as("no transaction stored in part").isEqualTo(observations);
            assertThat(patients).as("acknowledged, so stored").containsAll(writers.acknowledged());
            assertThat(patients)
                    .as("not acknowledged, so not stored")
                    .doesNotContainAnyElementsOf(writers.notAcknowledged());
        } finally {
            server.destroyForcibly();
        }
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
        command.addAll(Arrays.asList(arguments(database, port)));
        return command;
    }

    private static String[] arguments(Map<String, String> database, int port) {
        List<String> arguments = new ArrayList<>();
        database.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--server.port=" + port);
        arguments.add("--management.server.port=0");
        return arguments.toArray(String[]::new);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
