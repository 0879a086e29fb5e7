package org.carerelay.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.TestDatabase;
import org.carerelay.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An audit record is not lost when the server stops cleanly: the server is stopped the moment the last of a burst of
 * requests is answered, while their AuditEvents are still being written, and afterwards the database holds every one.
 * Started as an operator starts it, with command-line arguments, on a database of its own (as RestartIT is).
 */
class AuditShutdownIT {

    private static final int ALLOWED = 12;
    private static final int REFUSED = 4;

    @Test
    void theEventsOfRequestsAnsweredJustBeforeAStopAreStored() throws Exception {
        Map<String, String> database = TestDatabase.freshDatabase();
        Tokens tokens = new Tokens();

        try (ConfigurableApplicationContext server =
                SpringApplication.run(CareRelayApplication.class, arguments(database, tokens))) {
            String base = "http://localhost:"
                    + ((WebServerApplicationContext) server).getWebServer().getPort() + "/fhir";
            String token = tokens.forAudience(Tokens.AUDIENCE)
                    .claim("client_id", "last-words")
                    .scope("system/*.rs")
                    .rsa();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < ALLOWED; i++) {
                String path = "/Organization?name=burst-" + i;
                answers.add(clients.submit(() -> RawHttp.at(base)
                        .send(
                                "GET",
                                path,
                                null,
                                HttpRequest.BodyPublishers.noBody(),
                                Map.of("Authorization", "Bearer " + token))
                        .status()));
            }
            for (int i = 0; i < REFUSED; i++) {
                answers.add(
                        clients.submit(() -> RawHttp.at(base).get("/Patient").status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isIn(200, 401);
            }
            clients.shutdown();
        }

        assertThat(storedAuditEvents(database)).isEqualTo(ALLOWED + REFUSED);
    }

    private static String[] arguments(Map<String, String> database, Tokens tokens) {
        List<String> arguments = new ArrayList<>();
        database.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--server.port=0");
        arguments.add("--management.server.port=0");
        arguments.add("--carerelay.security.enabled=true");
        arguments.add("--carerelay.security.issuer=" + Tokens.ISSUER);
        arguments.add("--carerelay.security.audience=" + Tokens.AUDIENCE);
        arguments.add("--carerelay.security.jwks-file=" + tokens.jwksFile());
        return arguments.toArray(String[]::new);
    }

    /** Counted in the database itself, once the server is gone. */
    private static long storedAuditEvents(Map<String, String> database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        database.get("spring.datasource.url"),
                        database.get("spring.datasource.username"),
                        database.get("spring.datasource.password"));
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM HFJ_RESOURCE"
                        + " WHERE RES_TYPE = 'AuditEvent' AND RES_DELETED_AT IS NULL")) {
            count.next();
            return count.getLong(1);
        }
    }
}
