package org.carerelay.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database the integration suite runs on, chosen by the system property {@code carerelay.it.database}: {@code h2}
 * (a fresh H2 file under target/, as in the embedded default) or {@code postgres} (a real PostgreSQL, started once per
 * JVM). Every database handed out here is new and remembered, so {@link TestIsolation} can refuse any other.
 */
public final class TestDatabase {

    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
    private static EmbeddedPostgres postgres;

    private TestDatabase() {}

    public static String name() {
        return System.getProperty("carerelay.it.database", "h2");
    }

    public static void register(DynamicPropertyRegistry registry) {
        freshDatabase().forEach((key, value) -> registry.add(key, () -> value));
        // and the actuator on a port the system picks, never the default 8081 of a server running beside the tests
        registry.add("management.server.port", () -> "0");
        // Spring Boot's tests turn metrics export off by default; the Prometheus endpoint is part of what is tested
        registry.add("management.prometheus.metrics.export.enabled", () -> "true");
        // batch jobs (exports) move on to their next step every second, not every 5 s: an export test waits seconds
        registry.add("carerelay.export.progress-check", () -> "1s");
    }

    /** Records a database a test created itself, such as one on a PostgreSQL server of its own. */
    static void createdByTest(String jdbcUrl) {
        CREATED.add(jdbcUrl);
    }

    /** Whether this JDBC URL names a database that a test of this JVM created. */
    static boolean created(String jdbcUrl) {
        return CREATED.contains(jdbcUrl);
    }

    /** Spring properties for a new, empty database of the chosen kind. */
    public static Map<String, String> freshDatabase() {
        String name = "carerelay_" + UUID.randomUUID().toString().replace("-", "");
        if ("postgres".equals(name())) {
            EmbeddedPostgres server = postgres();
            try (Connection connection = server.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create database " + name, e);
            }
            String url = server.getJdbcUrl("postgres", name);
            CREATED.add(url);
            return Map.of(
                    "spring.datasource.url", url,
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "postgres");
        }
        Path file = Path.of("target", "it-h2", name, "carerelay").toAbsolutePath();
        String url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
        CREATED.add(url);
        return Map.of(
                "spring.datasource.url", url, "spring.datasource.username", "sa", "spring.datasource.password", "");
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the data directory is temporary
                }
            }));
        }
        return postgres;
    }
}
