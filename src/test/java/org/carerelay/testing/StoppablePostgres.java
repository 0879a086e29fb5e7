package org.carerelay.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A PostgreSQL server of one test's own, on a fixed port and data directory, that the test stops and starts again
 * under a running CareRelay, as a managed database goes away and comes back.
 */
public final class StoppablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private StoppablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A new, empty server keeping its data in {@code dataDirectory}, a folder the test created. */
    public static StoppablePostgres startIn(Path dataDirectory) {
        StoppablePostgres postgres = new StoppablePostgres(dataDirectory, ReservedPort.reserve());
        postgres.start();
        return postgres;
    }

    /** Spring properties of the server's default database. */
    public Map<String, String> properties() {
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        TestDatabase.createdByTest(url);
        return Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres");
    }

    /** Starts the server on the same port and data as before. */
    public void start() {
        try {
            server = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Stops the server as an operator does: open connections are cut, data is kept. */
    public void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
            server = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
