package org.carerelay.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carerelay.testing.ServerProcess;
import org.carerelay.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a server while writes and deliveries are in flight, then a new server on the same database: every
 * acknowledged write is notified, every event number from 1 to the subscription's count arrives, and they arrive in
 * order (a repeat of the last one before the kill is allowed: delivery is at least once, numbered so a receiver drops
 * it). On PostgreSQL: H2 writes its file in the background about once a second, so a killed JVM may lose its last
 * second of commits (writes and their notifications alike), which the README says.
 */
class NotificationCrashIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void aServerKilledMidDeliveryLosesNoNotificationOfAnAcknowledgedWrite() throws Exception {
        Assumptions.assumeTrue(
                "postgres".equals(TestDatabase.name()),
                "H2 may lose the last second of commits to kill -9 (it writes its file in the background); this run is"
                        + " on H2, the crash test runs on PostgreSQL");
        Map<String, String> database = TestDatabase.freshDatabase();
        String family = SubscriptionDeliveryIT.unique("Crash");
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        try (Receiver receiver = Receiver.start()) {
            try (ServerProcess first = ServerProcess.start(database, folder, "first")) {
                var resthook = SubscriptionDeliveryIT.subscription("Patient?family=" + family, receiver.endpoint());
                resthook.getChannel().setPayload("application/fhir+json");
                String subscription = FHIR.newJsonParser().encodeResourceToString(resthook);
                assertThat(post(first.base() + "/Subscription", subscription).statusCode())
                        .isEqualTo(201);

                AtomicBoolean writing = new AtomicBoolean(true);
                Thread writer = new Thread(() -> {
                    String patient =
                            FHIR.newJsonParser().encodeResourceToString(SubscriptionDeliveryIT.patient(family));
                    while (writing.get()) {
                        try {
                            HttpResponse<String> created = post(first.base() + "/Patient", patient);
                            if (created.statusCode() == 201) {
                                acknowledged.add(created.headers()
                                        .firstValue("Location")
                                        .orElseThrow()
                                        .replaceAll(".*/Patient/", "")
                                        .replaceAll("/_history/.*", ""));
                            }
                        } catch (Exception killed) {
                            return;
                        }
                    }
                });
                writer.start();
                // kill while both writes and deliveries are going on
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> receiver.accepted().size() >= 10);
                first.kill();
                writing.set(false);
                writer.join(30_000);
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(10);

            try (ServerProcess second = ServerProcess.start(database, folder, "second")) {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> delivered(receiver).containsAll(acknowledged));

                List<Long> numbers = receiver.accepted().stream()
                        .map(r -> Long.parseLong(r.header(RestHookSender.EVENT_NUMBER_HEADER)))
                        .toList();
                Set<Long> distinct = new LinkedHashSet<>(numbers);
                List<Long> expected = new ArrayList<>();
                for (long n = 1; n <= distinct.size(); n++) {
                    expected.add(n);
                }
                assertThat(new ArrayList<>(distinct))
                        .as("each event number once, from 1, in order (repeats aside): %s", numbers)
                        .isEqualTo(expected);
                for (int i = 1; i < numbers.size(); i++) {
                    assertThat(numbers.get(i))
                            .as("never an earlier event after a later one: %s", numbers)
                            .isGreaterThanOrEqualTo(numbers.get(i - 1));
                }
            }
        }
    }

    /** The Patients the receiver was told about (a PUT to endpoint/Patient/id per notification). */
    private static Set<String> delivered(Receiver receiver) {
        Set<String> ids = new LinkedHashSet<>();
        receiver.accepted().forEach(r -> ids.add(r.path().replaceAll(".*/Patient/", "")));
        return ids;
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/fhir+json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
