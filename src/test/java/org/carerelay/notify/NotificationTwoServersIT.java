package org.carerelay.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.ServerProcess;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL database, writes alternating between them: each notification reaches the receiver
 * once, not once per server, in order. Then {@code kill -9} of one while it takes writes and deliveries are in flight:
 * the other delivers every acknowledged write's notification and what comes next, each event number in order (a repeat
 * of the one in flight at the kill is allowed: delivery is at least once, numbered so a receiver drops it). On
 * PostgreSQL only: H2 is one server's file, and writes it in the background about once a second, so a killed JVM may
 * lose its last second of commits, which the README says.
 */
class NotificationTwoServersIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @TempDir
    Path folder;

    @Test
    void twoServersDeliverEachNotificationOnceAndOneCarriesOnWhenTheOtherIsKilled() throws Exception {
        Assumptions.assumeTrue(
                "postgres".equals(TestDatabase.name()),
                "several servers share one database only on a database server; this run is on the embedded H2");
        Map<String, String> database = new HashMap<>(TestDatabase.freshDatabase());
        // a lease is three delivery timeouts and 10 s: 25 s rather than the default 40 s for the survivor to wait out
        database.put("carerelay.subscriptions.delivery-timeout", "5s");
        String family = SubscriptionDeliveryIT.unique("Pair");
        // the first server creates the schema; the second starts on it
        try (Receiver receiver = Receiver.start();
                ServerProcess first = ServerProcess.start(database, folder, "first");
                ServerProcess second = ServerProcess.start(database, folder, "second")) {
            Subscription resthook =
                    SubscriptionDeliveryIT.subscription("Patient?family=" + family, receiver.endpoint());
            resthook.getChannel().setPayload("application/fhir+json");
            assertThat(RawHttp.at(first.base())
                            .postJson("/Subscription", FHIR.newJsonParser().encodeResourceToString(resthook))
                            .status())
                    .isEqualTo(201);

            List<String> written = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                written.add(create((i % 2 == 0 ? first : second).base(), family));
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> receiver.patientsNotified().containsAll(written));
            assertThat(receiver.eventNumbers()).as("each event once, in order").isEqualTo(oneTo(30));

            // kill -9 the first server while it takes writes and both deliver
            List<String> acknowledged = new CopyOnWriteArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    try {
                        acknowledged.add(create(first.base(), family));
                    } catch (RuntimeException | AssertionError killed) {
                        return;
                    }
                }
            });
            writer.start();
            // killed while it is still taking writes: some acknowledged after the first 30 were delivered
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> receiver.accepted().size() >= 40 && acknowledged.size() >= 15);
            first.kill();
            writing.set(false);
            writer.join(30_000);
            written.addAll(acknowledged);
            for (int i = 0; i < 10; i++) {
                written.add(create(second.base(), family));
            }

            // a lease the killed server held runs out before the survivor takes the subscription over
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> receiver.patientsNotified().containsAll(written));
            List<Long> numbers = receiver.eventNumbers();
            assertThat(new ArrayList<>(new LinkedHashSet<>(numbers)))
                    .as("every event once at least, from 1, in order: %s", numbers)
                    .isEqualTo(oneTo(new LinkedHashSet<>(numbers).size()));
            for (int i = 1; i < numbers.size(); i++) {
                assertThat(numbers.get(i))
                        .as("never an earlier event after a later one: %s", numbers)
                        .isGreaterThanOrEqualTo(numbers.get(i - 1));
            }
        }
    }

    private static List<Long> oneTo(int last) {
        List<Long> numbers = new ArrayList<>();
        for (long n = 1; n <= last; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    private static String create(String base, String family) {
        RawHttp.Response created = RawHttp.at(base)
                .postJson(
                        "/Patient",
                        FHIR.newJsonParser().encodeResourceToString(SubscriptionDeliveryIT.patient(family)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.header("Location").replaceAll(".*/Patient/", "").replaceAll("/_history/.*", "");
    }
}
