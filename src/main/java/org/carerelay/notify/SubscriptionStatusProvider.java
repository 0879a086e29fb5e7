package org.carerelay.notify;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.util.UUID;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.server.OperationProvider;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.UrlType;

/**
 * {@code Subscription/[id]/$status} and {@code $events} as the Subscriptions Backport IG defines them for R4: the
 * status as a SubscriptionStatus, and the notifications of a range of event numbers (also those never delivered, so a
 * receiver that was away can catch up). The Subscription is read first, so a missing one is 404 and whatever governs
 * reading it governs these too.
 */
final class SubscriptionStatusProvider implements OperationProvider {

    private static final int MAX_EVENTS = 500;

    private final DaoRegistry daos;
    private final Outbox outbox;
    private final TopicNotifications notifications;
    private final Clock clock;

    SubscriptionStatusProvider(DaoRegistry daos, Outbox outbox, TopicNotifications notifications, Clock clock) {
        this.daos = daos;
        this.outbox = outbox;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * {@code Subscription/[id]/$get-ws-binding-token} (Subscriptions Backport IG): a token a websocket client sends as
     * {@code bind-with-token <token>} to receive this subscription's notifications; good for ten minutes, and only for
     * a websocket subscription. Asking for it is reading the Subscription, so whatever governs that governs this.
     */
    @Operation(name = "$get-ws-binding-token", idempotent = true, type = Subscription.class)
    public Parameters bindingToken(@IdParam IdType id, RequestDetails request) {
        Subscription subscription =
                daos.getResourceDao(Subscription.class).read(id.toUnqualifiedVersionless(), request);
        if (subscription.getChannel().getType() != Subscription.SubscriptionChannelType.WEBSOCKET) {
            String message = "Subscription/" + id.getIdPart() + " has channel type "
                    + subscription.getChannel().getTypeElement().getValueAsString()
                    + "; a binding token is for a websocket subscription";
            throw new InvalidRequestException(
                    message, OperationOutcomes.error(IssueType.INVALID, message, "Subscription.channel.type"));
        }
        String token = UUID.randomUUID().toString();
        long expires = clock.millis() + Outbox.TOKEN_LIFETIME_MS;
        outbox.issueToken(token, id.getIdPart(), expires);
        Parameters answer = new Parameters();
        answer.addParameter("token", new StringType(token));
        answer.addParameter("expiration", new DateTimeType(new java.util.Date(expires)));
        answer.addParameter("subscription", new StringType("Subscription/" + id.getIdPart()));
        String base = request.getFhirServerBase();
        String server = base.replaceFirst("^http", "ws").replaceAll("/fhir/?$", "");
        answer.addParameter("websocket-url", new UrlType(server + WebsocketChannel.PATH));
        return answer;
    }

    @Operation(name = "$status", idempotent = true, type = Subscription.class)
    public Bundle status(@IdParam IdType id, RequestDetails request) {
        Outbox.Status status = current(id, request);
        Bundle answer = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        answer.setTotal(1);
        answer.addEntry()
                .setResource(TopicNotifications.status(
                        request.getFhirServerBase(),
                        id.getIdPart(),
                        status.topic(),
                        status.status(),
                        "query-status",
                        status.eventCount()))
                .getSearch()
                .setMode(Bundle.SearchEntryMode.MATCH);
        return answer;
    }

    @Operation(name = "$events", idempotent = true, type = Subscription.class)
    public Bundle events(
            @IdParam IdType id,
            @OperationParam(name = "eventsSinceNumber", max = 1) StringType since,
            @OperationParam(name = "eventsUntilNumber", max = 1) StringType until,
            RequestDetails request) {
        Outbox.Status status = current(id, request);
        long from = number(since, "eventsSinceNumber", 1);
        long to = number(until, "eventsUntilNumber", status.eventCount());
        return notifications.events(
                request.getFhirServerBase(),
                id.getIdPart(),
                status,
                outbox.events(id.getIdPart(), from, to, MAX_EVENTS));
    }

    private Outbox.Status current(IdType id, RequestDetails request) {
        daos.getResourceDao(Subscription.class).read(id.toUnqualifiedVersionless(), request);
        return outbox.status(id.getIdPart())
                .orElseThrow(() -> new InvalidRequestException(
                        "Subscription/" + id.getIdPart() + " is not one this server delivers",
                        OperationOutcomes.error(
                                IssueType.NOTFOUND,
                                "Subscription/" + id.getIdPart() + " is not one this server delivers")));
    }

    private static long number(StringType value, String name, long otherwise) {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            long number = Long.parseLong(value.getValue().trim());
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            String message = name + " must be a whole number of 0 or more, not '" + value.getValue() + "'";
            throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, name));
        }
    }
}
