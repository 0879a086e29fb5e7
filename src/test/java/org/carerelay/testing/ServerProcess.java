package org.carerelay.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carerelay.CareRelayApplication;

/**
 * A server in a JVM of its own, started as an operator starts one (the application's classes and libraries, not the
 * tests'), on a database the test created, with its output in a log file of the test's folder: for tests that stop a
 * server the way the operating system does (SIGTERM, SIGKILL).
 */
public final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final String base;

    private ServerProcess(Process process, Path log, String base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts a server on this database and a reserved port, and waits until it answers. */
    public static ServerProcess start(Map<String, String> database, Path folder, String name) throws IOException {
        int port = ReservedPort.reserve();
        Path log = folder.resolve(name + ".log");
        Process process = new ProcessBuilder(command(database, port))
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess server = new ServerProcess(process, log, "http://localhost:" + port + "/fhir");
        try {
            await().atMost(Duration.ofMinutes(6))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(server::answers);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
        return server;
    }

    /** The FHIR base URL. */
    public String base() {
        return base;
    }

    public Process process() {
        return process;
    }

    /** The log's last 40 lines, for a failure message. */
    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: the process ends at once, nothing of it runs after. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Whether the server answers; fails at once, with its log, if it has exited. */
    private boolean answers() throws IOException, InterruptedException {
        assertThat(process.isAlive())
                .as("the server exited before it started:\n%s", tail())
                .isTrue();
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(base + "/metadata"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static List<String> command(Map<String, String> database, int port) {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // these servers answer a few requests: the quick compiler alone starts them on 40 % less CPU
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                CareRelayApplication.class.getName()));
        command.addAll(Arrays.asList(ServerArguments.of(database, port)));
        return command;
    }
}
