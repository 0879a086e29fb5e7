package org.carerelay.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Durability across a restart, on a database of the test's own: a notification committed while its receiver is down
 * is still owed after the server stops, and the next server on the same database delivers it once the receiver is
 * back; a subscription whose deliveries fail for longer than {@code retry-for} goes to {@code error} with the reason
 * and keeps its undelivered notification.
 */
class NotificationRestartIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aNotificationPendingAtShutdownIsDeliveredByTheNextServerOnTheSameDatabase() {
        Map<String, String> database = TestDatabase.freshDatabase();
        Receiver down = Receiver.start();
        down.close();
        String family = SubscriptionDeliveryIT.unique("Restart");

        String patient;
        try (ConfigurableApplicationContext first =
                SpringApplication.run(CareRelayApplication.class, arguments(database, "24h"))) {
            IGenericClient client = client(first);
            client.create()
                    .resource(SubscriptionDeliveryIT.subscription("Patient?family=" + family, down.endpoint()))
                    .execute();
            patient = client.create()
                    .resource(SubscriptionDeliveryIT.patient(family))
                    .execute()
                    .getId()
                    .toUnqualifiedVersionless()
                    .getValue();
            // the receiver is down: the server has tried and failed, and stops with the notification undelivered
            await().atMost(WAIT).until(() -> failures(first) >= 1);
            assertThat(undelivered(first)).isEqualTo(1);
        }

        try (Receiver back = down.restart();
                ConfigurableApplicationContext second =
                        SpringApplication.run(CareRelayApplication.class, arguments(database, "24h"))) {
            await().atMost(WAIT).until(() -> !back.accepted().isEmpty());
            assertThat(back.requests()).extracting(Receiver.Request::status).containsExactly(200);
            assertThat(back.requests())
                    .extracting(request -> request.header(RestHookSender.EVENT_NUMBER_HEADER))
                    .containsExactly("1");
            await().atMost(WAIT).until(() -> undelivered(second) == 0);
            assertThat(patient).startsWith("Patient/");
        }
    }

    @Test
    void aSubscriptionFailingForLongerThanRetryForGoesToErrorAndKeepsItsNotification() {
        Map<String, String> database = TestDatabase.freshDatabase();
        try (Receiver failing = Receiver.start();
                ConfigurableApplicationContext server =
                        SpringApplication.run(CareRelayApplication.class, arguments(database, "1s"))) {
            failing.failNext(Integer.MAX_VALUE);
            String family = SubscriptionDeliveryIT.unique("Failing");
            IGenericClient client = client(server);
            String id = client.create()
                    .resource(SubscriptionDeliveryIT.subscription("Patient?family=" + family, failing.endpoint()))
                    .execute()
                    .getId()
                    .toUnqualifiedVersionless()
                    .getValue();
            client.create().resource(SubscriptionDeliveryIT.patient(family)).execute();

            await().atMost(WAIT)
                    .until(() -> client.read()
                                    .resource(Subscription.class)
                                    .withId(id)
                                    .execute()
                                    .getStatus()
                            == SubscriptionStatus.ERROR);
            Subscription subscription =
                    client.read().resource(Subscription.class).withId(id).execute();
            assertThat(subscription.getError())
                    .isEqualTo("Delivery failed for longer than PT1S: the endpoint answered HTTP 500");
            assertThat(failing.accepted()).isEmpty();
            assertThat(failing.requests()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(undelivered(server)).isEqualTo(1);
        }
    }

    private static String[] arguments(Map<String, String> database, String retryFor) {
        List<String> arguments = new ArrayList<>();
        database.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--server.port=0");
        arguments.add("--management.server.port=0");
        arguments.add("--carerelay.subscriptions.initial-backoff=100ms");
        arguments.add("--carerelay.subscriptions.max-backoff=200ms");
        arguments.add("--carerelay.subscriptions.poll-interval=100ms");
        arguments.add("--carerelay.subscriptions.retry-for=" + retryFor);
        return arguments.toArray(String[]::new);
    }

    private static long failures(ConfigurableApplicationContext context) {
        return jdbc(context).queryForObject("select max(failures) from carerelay_subscription", Long.class);
    }

    private static long undelivered(ConfigurableApplicationContext context) {
        return jdbc(context)
                .queryForObject("select count(*) from carerelay_outbox where delivered_at is null", Long.class);
    }

    private static JdbcTemplate jdbc(ConfigurableApplicationContext context) {
        return new JdbcTemplate(context.getBean(DataSource.class));
    }

    private static IGenericClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        return FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
    }
}
