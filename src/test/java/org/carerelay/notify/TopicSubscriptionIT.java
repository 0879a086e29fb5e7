package org.carerelay.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.carerelay.testing.AbstractFhirIT;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handoff topic of the Subscriptions Backport IG for R4: a handoff Task created or changing status is announced as
 * a history Bundle with a SubscriptionStatus first, numbered per subscription, to the subscribers whose filters
 * (owner, requester, patient) it matches, with the payload content they asked for; {@code $status} and
 * {@code $events} report the same numbers.
 */
class TopicSubscriptionIT extends AbstractFhirIT {

    private static final String TOPIC = "https://carerelay.org/fhir/SubscriptionTopic/handoff";
    private static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Receiver receiver;
    private String patient;
    private String giver;
    private String owner;
    private String otherOwner;

    @BeforeEach
    void startReceiverAndStoreTheParties() {
        receiver = Receiver.start();
        patient = create(client, SubscriptionDeliveryIT.patient(SubscriptionDeliveryIT.unique("Topic")));
        giver = create(client, new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Giver")));
        owner = create(client, new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Owner")));
        otherOwner =
                create(client, new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Other")));
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
    void aRestHookTopicSubscriptionIsGreetedWithAHandshakeAndHearsHeartbeatsWhenNothingHappens() {
        Subscription subscription = topicSubscription("id-only", "Task?owner=" + owner);
        subscription
                .getChannel()
                .addExtension(BACKPORT + "backport-heartbeat-period", new org.hl7.fhir.r4.model.UnsignedIntType(1));
        String id = create(client, subscription);

        await().atMost(WAIT).until(() -> receiver.signals().size() >= 2);
        List<Parameters> signals = receiver.signals().stream()
                .map(r -> status(FHIR.newJsonParser().parseResource(Bundle.class, r.body())))
                .toList();
        assertThat(value(signals.get(0), "type")).isEqualTo("handshake");
        assertThat(signals.subList(1, signals.size()))
                .extracting(p -> value(p, "type"))
                .containsOnly("heartbeat");
        assertThat(signals)
                .extracting(p -> value(p, "events-since-subscription-start"))
                .containsOnly("0");
        assertThat(value(signals.get(0), "subscription")).endsWith(id);

        String task = create(client, handoff(owner));
        await().atMost(WAIT).until(() -> receiver.events().size() >= 1);
        Bundle notification = bundles().get(0);
        assertThat(part(event(notification), "event-number")).isEqualTo("1");
        assertThat(notification.getEntry().get(1).getFullUrl()).endsWith(task);
    }

    @Test
    void theTopicIsAReadableResourceAsTheBackportIgRepresentsItOnR4() {
        org.hl7.fhir.r4.model.Basic topic = client.read()
                .resource(org.hl7.fhir.r4.model.Basic.class)
                .withId("handoff-topic")
                .execute();
        String extension = "http://hl7.org/fhir/4.3/StructureDefinition/extension-SubscriptionTopic.";

        assertThat(topic.getCode().getCodingFirstRep().getCode()).isEqualTo("SubscriptionTopic");
        assertThat(topic.getExtensionString(extension + "url")).isEqualTo(TOPIC);
        assertThat(topic.getExtensionsByUrl(extension + "canFilterBy").stream()
                        .map(e -> e.getExtensionString("filterParameter"))
                        .toList())
                .containsExactly("owner", "patient", "requester");
        assertThat(
                        topic
                                .getExtensionByUrl(extension + "resourceTrigger")
                                .getExtensionsByUrl("supportedInteraction")
                                .stream()
                                .map(e -> e.getValue().primitiveValue())
                                .toList())
                .containsExactly("create", "update");
    }

    @Test
    void theCapabilityStatementDeclaresTheTopicAndTheChannel() {
        org.hl7.fhir.r4.model.CapabilityStatement statement = client.capabilities()
                .ofType(org.hl7.fhir.r4.model.CapabilityStatement.class)
                .execute();
        var subscription = statement.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("Subscription"))
                .findFirst()
                .orElseThrow();

        assertThat(subscription
                        .getExtensionsByUrl("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/"
                                + "capabilitystatement-subscriptiontopic-canonical")
                        .stream()
                        .map(e -> ((CanonicalType) e.getValue()).getValue())
                        .toList())
                .containsExactly(TOPIC);
        assertThat(subscription.getDocumentation()).contains("rest-hook");
    }

    @Test
    void aHandoffAndEachStatusChangeArriveInOrderAsFullResourceNotifications() {
        String subscription = create(client, topicSubscription("full-resource", "Task?owner=" + owner));

        String task = create(client, handoff(owner));
        create(client, handoff(otherOwner));
        Task stored = client.read().resource(Task.class).withId(task).execute();
        stored.addNote().setText("no status change: no event");
        client.update().resource(stored).execute();
        status(task, Task.TaskStatus.ACCEPTED);
        status(task, Task.TaskStatus.INPROGRESS);

        await().atMost(WAIT).until(() -> receiver.events().size() >= 3);
        List<Bundle> notifications = bundles();
        assertThat(notifications).hasSize(3);
        assertThat(notifications).extracting(Bundle::getType).containsOnly(Bundle.BundleType.HISTORY);
        assertThat(notifications)
                .extracting(bundle -> value(status(bundle), "type"))
                .containsOnly("event-notification");
        assertThat(notifications)
                .extracting(bundle -> value(status(bundle), "events-since-subscription-start"))
                .containsExactly("1", "2", "3");
        assertThat(notifications)
                .extracting(bundle -> part(event(bundle), "event-number"))
                .containsExactly("1", "2", "3");
        assertThat(notifications)
                .extracting(bundle -> part(event(bundle), "focus"))
                .containsOnly(baseUrl() + "/" + task);
        assertThat(notifications)
                .extracting(bundle -> value(status(bundle), "subscription"))
                .containsOnly(baseUrl() + "/" + subscription);
        assertThat(notifications)
                .extracting(bundle -> value(status(bundle), "topic"))
                .containsOnly(TOPIC);
        assertThat(notifications)
                .extracting(bundle -> ((Task) bundle.getEntry().get(1).getResource()).getStatus())
                .containsExactly(Task.TaskStatus.REQUESTED, Task.TaskStatus.ACCEPTED, Task.TaskStatus.INPROGRESS);
        assertThat(notifications)
                .extracting(bundle -> bundle.getEntry().get(1).getRequest().getMethod())
                .containsExactly(Bundle.HTTPVerb.POST, Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.PUT);
        assertThat(receiver.requests()).extracting(Receiver.Request::method).containsOnly("POST");
        assertThat(receiver.requests()).extracting(Receiver.Request::path).containsOnly(receiver.path());
        assertThat(receiver.requests())
                .extracting(request -> request.header("Content-Type"))
                .containsOnly("application/fhir+json; charset=UTF-8");
    }

    @Test
    void idOnlyCarriesTheUrlAndEmptyCarriesNoFocus() {
        create(client, topicSubscription("id-only", "Task?patient=" + patient));
        Receiver second = Receiver.start();
        try {
            Subscription empty = topicSubscription("empty", "Task?requester=" + giver);
            empty.getChannel().setEndpoint(second.endpoint());
            String emptyId = create(client, empty);

            String task = create(client, handoff(owner));

            await().atMost(WAIT)
                    .until(() ->
                            receiver.events().size() >= 1 && second.events().size() >= 1);
            Bundle idOnly = bundles().get(0);
            assertThat(idOnly.getEntry()).hasSize(2);
            assertThat(idOnly.getEntry().get(1).getFullUrl()).isEqualTo(baseUrl() + "/" + task);
            assertThat(idOnly.getEntry().get(1).hasResource()).isFalse();
            assertThat(part(event(idOnly), "focus")).isEqualTo(baseUrl() + "/" + task);

            Bundle nothing = FHIR.newJsonParser()
                    .parseResource(Bundle.class, second.events().get(0).body());
            assertThat(nothing.getEntry()).hasSize(1);
            assertThat(part(event(nothing), "event-number")).isEqualTo("1");
            assertThat(part(event(nothing), "focus")).isNull();
            client.delete()
                    .resourceById(new org.hl7.fhir.r4.model.IdType(emptyId))
                    .execute();
        } finally {
            second.close();
        }
    }

    @Test
    void statusAndEventsReportWhatWasAnnounced() {
        String subscription = create(client, topicSubscription("full-resource", "Task?owner=" + owner));
        String task = create(client, handoff(owner));
        status(task, Task.TaskStatus.ACCEPTED);
        status(task, Task.TaskStatus.INPROGRESS);
        await().atMost(WAIT).until(() -> receiver.events().size() >= 3);

        Bundle statusAnswer = client.operation()
                .onInstance(subscription)
                .named("$status")
                .withNoParameters(Parameters.class)
                .returnResourceType(Bundle.class)
                .useHttpGet()
                .execute();
        Parameters status = (Parameters) statusAnswer.getEntryFirstRep().getResource();
        assertThat(value(status, "type")).isEqualTo("query-status");
        assertThat(value(status, "status")).isEqualTo("active");
        assertThat(value(status, "topic")).isEqualTo(TOPIC);
        assertThat(value(status, "events-since-subscription-start")).isEqualTo("3");

        Bundle events = client.operation()
                .onInstance(subscription)
                .named("$events")
                .withParameter(Parameters.class, "eventsSinceNumber", new StringType("2"))
                .returnResourceType(Bundle.class)
                .useHttpGet()
                .execute();
        Parameters query = (Parameters) events.getEntryFirstRep().getResource();
        assertThat(value(query, "type")).isEqualTo("query-event");
        assertThat(query.getParameter().stream()
                        .filter(p -> p.getName().equals("notification-event"))
                        .map(p -> part(p, "event-number"))
                        .toList())
                .containsExactly("2", "3");
        assertThat(events.getEntry().stream().skip(1).map(e -> ((Task) e.getResource()).getStatus()))
                .containsExactly(Task.TaskStatus.ACCEPTED, Task.TaskStatus.INPROGRESS);
    }

    @Test
    void unknownTopicsFiltersAndContentsAreRefused() {
        Subscription unknown = topicSubscription("id-only", "Task?owner=" + owner);
        unknown.setCriteria("https://example.org/SubscriptionTopic/other");
        assertRefused(unknown, "Subscription.criteria", "topic 'https://example.org/SubscriptionTopic/other'");
        assertRefused(
                topicSubscription("id-only", "Task?status=requested"),
                "Subscription.criteria.extension('" + BACKPORT + "backport-filter-criteria')[0]",
                "the handoff topic filters on [owner, patient, requester], not on 'status'");
        assertRefused(
                topicSubscription("everything", "Task?owner=" + owner),
                "Subscription.channel.payload.extension('" + BACKPORT + "backport-payload-content')",
                "payload content 'everything' is none of [empty, id-only, full-resource]");
    }

    @Test
    void aWebsocketClientBoundWithATokenGetsEachNotificationAndWhatItMissedWhileAway() throws Exception {
        Subscription subscription = topicSubscription("full-resource", "Task?owner=" + owner);
        subscription.getChannel().setType(SubscriptionChannelType.WEBSOCKET).setEndpoint(null);
        String id = create(client, subscription);
        try {
            Parameters binding = WebsocketClient.bindingToken(client, id);
            String token = value(binding, "token");
            String url = binding.getParameter("websocket-url").getValue().primitiveValue();
            assertThat(url).startsWith("ws://").endsWith("/websocket");
            assertThat(value(binding, "subscription")).isEqualTo(id);

            String first;
            try (WebsocketClient socket = WebsocketClient.connect(url)) {
                socket.send("bind-with-token not-a-token");
                assertThat(socket.next()).isEqualTo("error the token is unknown or has expired");
                socket.send("bind-with-token " + token);
                assertThat(socket.next()).isEqualTo("bound " + id.replace("Subscription/", ""));

                first = create(client, handoff(owner));
                create(client, handoff(otherOwner)); // not this subscription's
                Bundle notification = FHIR.newJsonParser().parseResource(Bundle.class, socket.next());
                assertThat(part(event(notification), "event-number")).isEqualTo("1");
                assertThat(notification.getEntry().get(1).getFullUrl()).endsWith(first);
            }
            // away: the next handoff waits in the outbox until a client binds again
            String second = create(client, handoff(owner));
            try (WebsocketClient socket = WebsocketClient.connect(url)) {
                socket.send("bind-with-token " + token);
                assertThat(socket.next()).isEqualTo("bound " + id.replace("Subscription/", ""));
                Bundle missed = FHIR.newJsonParser().parseResource(Bundle.class, socket.next());
                assertThat(part(event(missed), "event-number")).isEqualTo("2");
                assertThat(missed.getEntry().get(1).getFullUrl()).endsWith(second);
            }
        } finally {
            client.delete().resourceById(new IdType(id)).execute();
        }
    }

    @Test
    void aBindingTokenIsOnlyForAWebsocketSubscription() {
        String id = create(client, topicSubscription("id-only", "Task?owner=" + owner));

        assertThatThrownBy(() -> WebsocketClient.bindingToken(client, id))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(((OperationOutcome) e.getOperationOutcome())
                                        .getIssueFirstRep()
                                        .getExpression()
                                        .get(0)
                                        .getValue())
                                .isEqualTo("Subscription.channel.type"));
    }

    private void assertRefused(Subscription subscription, String expression, String message) {
        assertThatThrownBy(() -> client.create().resource(subscription).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
                    OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
                    assertThat(outcome.getIssue()).hasSize(1);
                    assertThat(outcome.getIssueFirstRep().getExpression())
                            .extracting(Object::toString)
                            .containsExactly(expression);
                    assertThat(outcome.getIssueFirstRep().getDiagnostics()).startsWith(message);
                });
    }

    private Subscription topicSubscription(String content, String filter) {
        Subscription subscription = new Subscription();
        subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
        subscription.setStatus(SubscriptionStatus.REQUESTED);
        subscription.setReason("handoffs of this test");
        subscription.setCriteria(TOPIC);
        subscription.getCriteriaElement().addExtension(BACKPORT + "backport-filter-criteria", new StringType(filter));
        subscription.getChannel().setType(SubscriptionChannelType.RESTHOOK).setEndpoint(receiver.endpoint());
        subscription.getChannel().setPayload("application/fhir+json");
        subscription
                .getChannel()
                .getPayloadElement()
                .addExtension(BACKPORT + "backport-payload-content", new CodeType(content));
        return subscription;
    }

    /** A complete shift-change handoff, so that the handoff guard lets it and its status changes through. */
    private Task handoff(String to) {
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        task.getCode()
                .addCoding(new Coding("https://carerelay.org/fhir/CodeSystem/handoff-type", "shift-change", null));
        task.setFor(new Reference(patient));
        task.setRequester(new Reference(giver));
        task.setOwner(new Reference(to));
        task.setPriority(Task.TaskPriority.URGENT);
        task.getReasonCode().setText("post-operative day 1");
        task.addNote().setText("call the surgeon if drain output rises");
        task.getRestriction().getPeriod().setEndElement(new DateTimeType("2026-12-01"));
        task.addInput()
                .setValue(new StringType("recheck potassium at 22:00"))
                .getType()
                .addCoding(new Coding("https://carerelay.org/fhir/CodeSystem/handoff-parameter", "action-item", null));
        return task;
    }

    private void status(String task, Task.TaskStatus status) {
        Task stored = client.read().resource(Task.class).withId(task).execute();
        stored.setStatus(status);
        client.update().resource(stored).execute();
    }

    private List<Bundle> bundles() {
        return receiver.events().stream()
                .map(request -> FHIR.newJsonParser().parseResource(Bundle.class, request.body()))
                .toList();
    }

    private static Parameters status(Bundle bundle) {
        Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
        assertThat(status.getMeta().getProfile())
                .extracting(CanonicalType::getValue)
                .containsExactly(BACKPORT + "backport-subscription-status-r4");
        return status;
    }

    private static ParametersParameterComponent event(Bundle bundle) {
        return status(bundle).getParameter().stream()
                .filter(p -> p.getName().equals("notification-event"))
                .findFirst()
                .orElseThrow();
    }

    private static String value(Parameters parameters, String name) {
        return parameters.getParameter().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .map(p -> p.getValue() instanceof Reference reference
                        ? reference.getReference()
                        : p.getValue().primitiveValue())
                .orElse(null);
    }

    private static String part(ParametersParameterComponent parameter, String name) {
        Optional<ParametersParameterComponent> part = parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst();
        return part.map(p -> p.getValue() instanceof Reference reference
                        ? reference.getReference()
                        : p.getValue().primitiveValue())
                .orElse(null);
    }
}
