package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.StoppablePostgres;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
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
    private static final String SYSTEM = "urn:carerelay:test:outage";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path folder;

    @Test
    void anOutageIsAnswered503AndTheServerServesAgainWhenTheDatabaseIsBack() throws Exception {
        Assumptions.assumeTrue(
                "postgres".equals(TestDatabase.name()),
                "a database outage needs a database server; this run is on the embedded H2");
        try (StoppablePostgres postgres = StoppablePostgres.startIn(folder.resolve("pgdata"));
                ConfigurableApplicationContext server =
                        SpringApplication.run(CareRelayApplication.class, arguments(postgres))) {
            String base = "http://localhost:"
                    + ((WebServerApplicationContext) server).getWebServer().getPort() + "/fhir";
            String readiness = "http://localhost:" + server.getEnvironment().getProperty("local.management.port")
                    + "/actuator/health/readiness";
            assertThat(get(readiness).statusCode()).isEqualTo(200);

            Writers writers = new Writers(base);
            writers.start(4);
            await().atMost(Duration.ofSeconds(60)).until(() -> writers.acknowledged.size() >= 8);

            postgres.stop();

            long started = System.nanoTime();
            HttpResponse<String> during = get(base + "/Patient?_count=1");
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(5));
            assertThat(during.headers().firstValue("Retry-After")).contains("5");
            OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, during.body());
            assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.TRANSIENT);
            await().atMost(Duration.ofSeconds(10)).until(() -> get(readiness).statusCode() == 503);
            int acknowledgedBefore = writers.acknowledged.size();

            postgres.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> get(readiness).statusCode() == 200);
            await().atMost(Duration.ofSeconds(30)).until(() -> writers.acknowledged.size() > acknowledgedBefore + 4);
            writers.stop();

            assertThat(writers.statuses).as("answers to the writers").isSubsetOf(200, 503);
            assertThat(writers.statuses).contains(200, 503);
            Set<String> patients = stored(base, "Patient");
            Set<String> observations = stored(base, "Observation");
            assertThat(patients).as("no transaction stored in part").isEqualTo(observations);
            assertThat(patients).as("every acknowledged transaction stored").containsAll(writers.acknowledged);
        }
    }

    private static String[] arguments(StoppablePostgres postgres) {
        List<String> arguments = new ArrayList<>();
        postgres.properties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--server.port=0");
        arguments.add("--management.server.port=0");
        return arguments.toArray(String[]::new);
    }

    /** The identifier values of the test's resources of one type, read after the database is back. */
    private static Set<String> stored(String base, String type) throws IOException, InterruptedException {
        Set<String> values = new HashSet<>();
        String next = base + "/" + type + "?identifier=" + SYSTEM + "%7C&_count=500";
        while (next != null) {
            Bundle page =
                    FHIR.newJsonParser().parseResource(Bundle.class, get(next).body());
            page.getEntry().forEach(entry -> values.add(identifier(entry.getResource())));
            next = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : page.getLink(Bundle.LINK_NEXT).getUrl();
        }
        return values;
    }

    private static String identifier(org.hl7.fhir.r4.model.Resource resource) {
        return resource instanceof Patient patient
                ? patient.getIdentifierFirstRep().getValue()
                : ((Observation) resource).getIdentifierFirstRep().getValue();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Clients posting transactions of a Patient and an Observation about it, each pair under one identifier. */
    private static final class Writers {

        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        private final String base;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sequence = new AtomicInteger();
        private ExecutorService threads;

        Writers(String base) {
            this.base = base;
        }

        void start(int count) {
            threads = Executors.newFixedThreadPool(count);
            for (int i = 0; i < count; i++) {
                threads.submit(this::write);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        private Void write() throws InterruptedException {
            while (running.get()) {
                String value = "pair-" + sequence.incrementAndGet();
                try {
                    HttpResponse<String> response = HTTP.send(
                            HttpRequest.newBuilder(URI.create(base))
                                    .timeout(Duration.ofSeconds(20))
                                    .header("Content-Type", "application/fhir+json")
                                    .POST(HttpRequest.BodyPublishers.ofString(transaction(value)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    statuses.add(response.statusCode());
                    if (response.statusCode() == 200) {
                        acknowledged.add(value);
                    } else {
                        Thread.sleep(200);
                    }
                } catch (IOException e) {
                    statuses.add(-1);
                }
            }
            return null;
        }

        private static String transaction(String value) {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            Patient patient = new Patient();
            patient.addIdentifier(new Identifier().setSystem(SYSTEM).setValue(value));
            String patientUrl = "urn:uuid:" + java.util.UUID.randomUUID();
            bundle.addEntry()
                    .setFullUrl(patientUrl)
                    .setResource(patient)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Patient");
            Observation observation = new Observation();
            observation.setStatus(Observation.ObservationStatus.FINAL);
            observation.getCode().setText("outage check");
            observation.addIdentifier(new Identifier().setSystem(SYSTEM).setValue(value));
            observation.setSubject(new Reference(patientUrl));
            bundle.addEntry()
                    .setResource(observation)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Observation");
            return FHIR.newJsonParser().encodeResourceToString(bundle);
        }
    }
}
