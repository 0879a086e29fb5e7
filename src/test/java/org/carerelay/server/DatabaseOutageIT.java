package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.PairWriters;
import org.carerelay.testing.ServerArguments;
import org.carerelay.testing.StoppablePostgres;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL goes away under a running server with writers in flight, and comes back: meanwhile every request is
 * answered 503 with a {@code Retry-After} within 5 seconds and readiness is down; afterwards the server serves again
 * without a restart, every acknowledged transaction is stored whole, and no transaction is stored in part.
 */
class DatabaseOutageIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @TempDir
    Path folder;

    @Test
    void anOutageIsAnswered503AndTheServerServesAgainWhenTheDatabaseIsBack() throws Exception {
        Assumptions.assumeTrue(
                "postgres".equals(TestDatabase.name()),
                "a database outage needs a database server; this run is on the embedded H2");
        try (StoppablePostgres postgres = StoppablePostgres.startIn(folder.resolve("pgdata"));
                ConfigurableApplicationContext server = SpringApplication.run(
                        CareRelayApplication.class, ServerArguments.of(postgres.properties(), 0))) {
            String base = "http://localhost:"
                    + ((WebServerApplicationContext) server).getWebServer().getPort() + "/fhir";
            String readiness = "http://localhost:" + server.getEnvironment().getProperty("local.management.port")
                    + "/actuator/health/readiness";
            assertThat(PairWriters.get(readiness).statusCode()).isEqualTo(200);

            PairWriters writers = new PairWriters(base);
            writers.start(4);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> writers.acknowledged().size() >= 8);

            postgres.stop();

            long started = System.nanoTime();
            HttpResponse<String> during = PairWriters.get(base + "/Patient?_count=1");
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(5));
            assertThat(during.headers().firstValue("Retry-After")).contains("5");
            OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, during.body());
            assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.TRANSIENT);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PairWriters.get(readiness).statusCode() == 503);
            int acknowledgedBefore = writers.acknowledged().size();

            postgres.start();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> PairWriters.get(readiness).statusCode() == 200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> writers.acknowledged().size() > acknowledgedBefore + 4);
            writers.stop();

            assertThat(writers.statuses()).as("answers to the writers").isSubsetOf(200, 503);
            assertThat(writers.statuses()).contains(200, 503);
            Set<String> patients = PairWriters.stored(base, "Patient");
            Set<String> observations = PairWriters.stored(base, "Observation");
            assertThat(patients).as("no transaction stored in part").isEqualTo(observations);
            assertThat(patients).as("every acknowledged transaction stored").containsAll(writers.acknowledged());
        }
    }
}
