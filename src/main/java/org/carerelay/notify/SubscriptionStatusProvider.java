package org.carerelay.notify;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.server.OperationProvider;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;

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

    SubscriptionStatusProvider(DaoRegistry daos, Outbox outbox, TopicNotifications notifications) {
        this.daos = daos;
        this.outbox = outbox;
        this.notifications = notifications;
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
