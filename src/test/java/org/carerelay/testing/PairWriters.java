package org.carerelay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Clients posting transactions of a Patient and an Observation about it, each pair under one identifier of its own,
 * while something happens to the server; afterwards {@link #stored} tells which pairs the server kept, so that a test
 * can check that every acknowledged transaction is stored whole and none in part.
 */
public final class PairWriters {

    public static final String SYSTEM = "urn:carerelay:test:pair";

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> notAcknowledged = ConcurrentHashMap.newKeySet();
    private final Set<Integer> statuses = ConcurrentHashMap.newKeySet();
    private final String base;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sequence = new AtomicInteger();
    private ExecutorService threads;

    public PairWriters(String base) {
        this.base = base;
    }

    public void start(int clients) {
        threads = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            threads.submit(this::write);
        }
    }

    public void stop() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    /** Identifiers of the pairs the server answered 200. */
    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Identifiers of the pairs answered otherwise, or not answered at all. */
    public Set<String> notAcknowledged() {
        return Set.copyOf(notAcknowledged);
    }

    /** The HTTP statuses answered; -1 for a request that got no answer. */
    public Set<Integer> statuses() {
        return Set.copyOf(statuses);
    }

    /** The identifiers of the test's resources of one type that the server at {@code base} holds. */
    public static Set<String> stored(String base, String type) throws IOException, InterruptedException {
        Set<String> values = new HashSet<>();
        String next = base + "/" + type + "?identifier=" + SYSTEM + "%7C&_count=500";
        while (next != null) {
            HttpResponse<String> response = get(next);
            assertThat(response.statusCode()).as(next).isEqualTo(200);
            Bundle page = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
            page.getEntry().forEach(entry -> values.add(identifier(entry.getResource())));
            next = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : page.getLink(Bundle.LINK_NEXT).getUrl();
        }
        return values;
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String identifier(Resource resource) {
        return resource instanceof Patient patient
                ? patient.getIdentifierFirstRep().getValue()
                : ((Observation) resource).getIdentifierFirstRep().getValue();
    }

    private Void write() throws InterruptedException {
        while (running.get()) {
            String value = "pair-" + sequence.incrementAndGet();
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/fhir+json")
                                .POST(HttpRequest.BodyPublishers.ofString(transaction(value)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.add(response.statusCode());
                if (response.statusCode() == 200) {
                    acknowledged.add(value);
                } else {
                    notAcknowledged.add(value);
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                statuses.add(-1);
                notAcknowledged.add(value);
                Thread.sleep(200);
            }
        }
        return null;
    }

    private static String transaction(String value) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient patient = new Patient();
        patient.addIdentifier(new Identifier().setSystem(SYSTEM).setValue(value));
        String patientUrl = "urn:uuid:" + UUID.randomUUID();
        bundle.addEntry()
                .setFullUrl(patientUrl)
                .setResource(patient)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().setText("pair check");
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
