package org.carerelay.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * R4 criteria subscriptions with a rest-hook channel, delivered from the outbox to a real HTTP receiver on loopback:
 * what arrives, in which order, with which headers, after the receiver failed, and what a rolled-back write announces
 * (nothing). Each test matches only data it names with a fresh value, so other tests' writes never reach its receiver.
 */
class SubscriptionDeliveryIT extends AbstractFhirIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalManagementPort
    int managementPort;

    private Receiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = Receiver.start();
    }

    @AfterEach
    void stopReceiverAndItsSubscriptions() {
        receiver.close();
        client.search()
                .forResource(Subscription.class)
                .where(Subscription.URL.matches().value(receiver.endpoint()))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .forEach(entry -> client.delete().resource(entry.getResource()).execute());
    }

    @Test
    void createAndUpdateOfAMatchingResourceArriveInOrderAsPutsWithTheChannelHeaders() {
        String family = unique("Notify");
        Subscription subscription = subscription("Patient?family=" + family, receiver.endpoint());
        subscription.getChannel().setPayload("application/fhir+json");
        subscription.getChannel().addHeader("Authorization: Bearer receiver-secret");
        String subscriptionId = create(client, subscription);
        assertThat(client.read()
                        .resource(Subscription.class)
                        .withId(subscriptionId)
                        .execute()
                        .getStatus())
                .isEqualTo(SubscriptionStatus.ACTIVE);

        String matching = create(client, patient(family));
        create(client, patient(unique("Other")));
        Patient update = client.read().resource(Patient.class).withId(matching).execute();
        update.getNameFirstRep().addGiven("Ana");
        client.update().resource(update).execute();

        await().atMost(WAIT).until(() -> receiver.requests().size() >= 2);
        List<Receiver.Request> requests = receiver.requests();
        assertThat(requests).extracting(Receiver.Request::method).containsExactly("PUT", "PUT");
        assertThat(requests)
                .extracting(Receiver.Request::path)
                .containsExactly(receiver.path() + "/" + matching, receiver.path() + "/" + matching);
        assertThat(requests)
                .extracting(request -> FHIR.newJsonParser()
                        .parseResource(Patient.class, request.body())
                        .getMeta()
                        .getVersionId())
                .containsExactly("1", "2");
        assertThat(requests)
                .extracting(request -> request.header(RestHookSender.EVENT_NUMBER_HEADER))
                .containsExactly("1", "2");
        assertThat(requests)
                .extracting(request -> request.header(RestHookSender.SUBSCRIPTION_HEADER))
                .containsOnly(subscriptionId);
        assertThat(requests)
                .extracting(request -> request.header("Authorization"))
                .containsOnly("Bearer receiver-secret");
        assertThat(requests)
                .extracting(request -> request.header("Content-Type"))
                .containsOnly("application/fhir+json; charset=UTF-8");
    }

    @Test
    void aReceiverAnswering500GetsEveryEventInOrderOnceItRecovers() {
        String code = unique("notify-code");
        receiver.failNext(2);
        long retriesBefore = meter("carerelay_notifications_retries_total");
        long deliveriesBefore = meter("carerelay_notifications_deliveries_total");
        create(client, subscription("Observation?code=" + code, receiver.endpoint()));

        create(client, observation(code));
        create(client, observation(code));

        await().atMost(WAIT).until(() -> receiver.accepted().size() >= 2);
        List<Receiver.Request> requests = receiver.requests();
        assertThat(requests).extracting(Receiver.Request::status).containsExactly(500, 500, 200, 200);
        assertThat(requests)
                .extracting(request -> request.header(RestHookSender.EVENT_NUMBER_HEADER))
                .containsExactly("1", "1", "1", "2");
        // without a payload, a notification is an empty POST to the endpoint
        assertThat(requests).extracting(Receiver.Request::method).containsOnly("POST");
        assertThat(requests).extracting(Receiver.Request::path).containsOnly(receiver.path());
        assertThat(requests).extracting(Receiver.Request::body).containsOnly("");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(meter("carerelay_notifications_retries_total")).isGreaterThanOrEqualTo(retriesBefore + 2);
            assertThat(meter("carerelay_notifications_deliveries_total")).isGreaterThanOrEqualTo(deliveriesBefore + 2);
        });
        assertThat(prometheus()).contains("carerelay_notifications_backlog");
    }

    @Test
    void aRolledBackTransactionAnnouncesNothing() {
        String family = unique("Rollback");
        create(client, subscription("Patient?family=" + family, receiver.endpoint()));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setResource(patient(family))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        Patient dangling = patient(family);
        dangling.setManagingOrganization(new Reference("Organization/" + unique("missing")));
        transaction
                .addEntry()
                .setResource(dangling)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        assertThatThrownBy(() -> client.transaction().withBundle(transaction).execute())
                .isInstanceOf(BaseServerResponseException.class);

        String committed = create(client, patient(family));

        // delivery is in event order, so a notification of the rolled-back write would arrive first
        await().atMost(WAIT).until(() -> !receiver.requests().isEmpty());
        assertThat(receiver.requests())
                .extracting(request -> request.header(RestHookSender.EVENT_NUMBER_HEADER))
                .containsExactly("1");
        assertThat(client.search()
                        .forResource(Patient.class)
                        .where(Patient.FAMILY.matchesExactly().value(family))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .extracting(entry -> entry.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .containsExactly(committed);
    }

    @Test
    void anEndpointOutsideTheAllowedListIsRefused() {
        assertRefused(
                subscription("Patient?family=x", "http://10.1.2.3/hook"),
                IssueType.SECURITY,
                "Subscription.channel.endpoint",
                "the endpoint 'http://10.1.2.3/hook' is not under any of carerelay.subscriptions.allowed-endpoints");
        assertRefused(
                subscription("Patient?family=x", "http://localhost.example.org/hook"),
                IssueType.SECURITY,
                "Subscription.channel.endpoint",
                "the endpoint 'http://localhost.example.org/hook' is not under any of");
        assertRefused(
                subscription("Patient?family=x", "ftp://127.0.0.1/hook"),
                IssueType.SECURITY,
                "Subscription.channel.endpoint",
                "the endpoint 'ftp://127.0.0.1/hook' is not an http or https URL");
    }

    @Test
    void criteriaThatCannotBeMatchedOnEachWriteAreRefused() {
        assertRefused(
                subscription("NoSuchType?x=1", receiver.endpoint()),
                IssueType.INVALID,
                "Subscription.criteria",
                "criteria 'NoSuchType?x=1' names no resource type this server notifies about");
        assertRefused(
                subscription("Patient?no-such-parameter=1", receiver.endpoint()),
                IssueType.INVALID,
                "Subscription.criteria",
                "criteria 'Patient?no-such-parameter=1' ");
    }

    @Test
    void aWebsocketClientOfACriteriaSubscriptionIsPingedAsHapiPingsIt() throws Exception {
        String family = unique("Socket");
        Subscription socket = subscription("Patient?family=" + family, null);
        socket.getChannel().setType(SubscriptionChannelType.WEBSOCKET);
        String id = create(client, socket);
        try {
            Parameters binding = WebsocketClient.bindingToken(client, id);
            try (WebsocketClient listener = WebsocketClient.connect(
                    binding.getParameter("websocket-url").getValue().primitiveValue())) {
                listener.send("bind-with-token "
                        + binding.getParameter("token").getValue().primitiveValue());
                assertThat(listener.next()).isEqualTo("bound " + id.substring("Subscription/".length()));

                client.create().resource(patient(family)).execute();
                client.create().resource(patient(unique("Other"))).execute();

                assertThat(listener.next()).isEqualTo("ping " + id.substring("Subscription/".length()));
            }
        } finally {
            client.delete().resourceById(new IdType(id)).execute();
        }
    }

    @Test
    void unsupportedChannelsAndPayloadsAreRefused() {
        Subscription email = subscription("Patient?family=x", receiver.endpoint());
        email.getChannel().setType(SubscriptionChannelType.EMAIL);
        assertRefused(
                email,
                IssueType.NOTSUPPORTED,
                "Subscription.channel.type",
                "channel type 'email' is not supported; use rest-hook or websocket");
        Subscription text = subscription("Patient?family=x", receiver.endpoint());
        text.getChannel().setPayload("text/plain");
        assertRefused(text, IssueType.NOTSUPPORTED, "Subscription.channel.payload", "payload 'text/plain'");
        Subscription header = subscription("Patient?family=x", receiver.endpoint());
        header.getChannel().addHeader("no colon here");
        assertRefused(
                header,
                IssueType.INVALID,
                "Subscription.channel.header[0]",
                "a channel header must read 'Name: value'");
    }

    private void assertRefused(Subscription subscription, IssueType code, String expression, String message) {
        assertThatThrownBy(() -> client.create().resource(subscription).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
                    OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
                    assertThat(outcome.getIssue()).hasSize(1);
                    OperationOutcome.OperationOutcomeIssueComponent issue = outcome.getIssueFirstRep();
                    assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
                    assertThat(issue.getCode()).isEqualTo(code);
                    assertThat(issue.getExpression())
                            .extracting(Object::toString)
                            .containsExactly(expression);
                    assertThat(issue.getDiagnostics()).startsWith(message);
                });
    }

    static Subscription subscription(String criteria, String endpoint) {
        Subscription subscription = new Subscription();
        subscription.setStatus(SubscriptionStatus.REQUESTED);
        subscription.setReason("test");
        subscription.setCriteria(criteria);
        subscription.getChannel().setType(SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint);
        return subscription;
    }

    static Patient patient(String family) {
        Patient patient = new Patient();
        patient.addName().setFamily(family);
        return patient;
    }

    private static Observation observation(String code) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation
                .getCode()
                .addCoding()
                .setSystem("https://carerelay.org/test")
                .setCode(code);
        return observation;
    }

    static String unique(String prefix) {
        StringBuilder letters = new StringBuilder(prefix);
        UUID.randomUUID()
                .toString()
                .replace("-", "")
                .chars()
                .limit(12)
                .forEach(c -> letters.append((char) ('a' + Character.digit(c, 16))));
        return letters.toString();
    }

    private String prometheus() {
        return RawHttp.at("http://localhost:" + managementPort)
                .get("/actuator/prometheus")
                .body();
    }

    private long meter(String name) {
        Matcher matcher =
                Pattern.compile("(?m)^" + name + "\\{[^}]*} ([0-9.E]+)$").matcher(prometheus());
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }
}
