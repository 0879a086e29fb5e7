package org.carerelay.notify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.carerelay.notify.rules.HandoffTopic;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Notification Bundles of the Subscriptions Backport IG for R4: a {@code history} Bundle whose first entry is a
 * SubscriptionStatus ({@code Parameters} with the backport-subscription-status-r4 profile), followed by the focus
 * resource (full-resource), only its URL (id-only), or nothing (empty).
 */
final class TopicNotifications {

    private final FhirContext fhir;

    TopicNotifications(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** The notification of one event, encoded in the payload's MIME type. */
    String event(
            String base,
            String subscriptionId,
            long eventNumber,
            String content,
            IBaseResource focus,
            boolean created,
            Date at,
            String payload) {
        String focusUrl = base + "/" + focus.getIdElement().getResourceType() + "/"
                + focus.getIdElement().getIdPart();
        Parameters status = status(base, subscriptionId, HandoffTopic.URL, "active", "event-notification", eventNumber);
        status.addParameter(notificationEvent(eventNumber, at, "empty".equals(content) ? null : focusUrl));
        Bundle bundle = bundle(base, subscriptionId, status);
        if (!"empty".equals(content)) {
            Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(focusUrl);
            if ("full-resource".equals(content)) {
                entry.setResource((Resource) focus);
            }
            entry.getRequest()
                    .setMethod(created ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                    .setUrl(
                            created
                                    ? focus.getIdElement().getResourceType()
                                    : focus.getIdElement().getResourceType() + "/"
                                            + focus.getIdElement().getIdPart());
            entry.getResponse().setStatus(created ? "201" : "200");
        }
        return parser(payload).encodeResourceToString(bundle);
    }

    /** The answer of {@code $events}: the stored notifications' events and entries, in one Bundle. */
    /**
     * A {@code handshake} or {@code heartbeat} notification: the SubscriptionStatus alone, with the subscription's count
     * of events so far, encoded in the payload's MIME type.
     */
    String signal(Outbox.Target target, String type) {
        String base = target.base() == null ? "" : target.base();
        Parameters status = status(base, target.id(), target.topic(), "active", type, target.eventCount());
        return parser(target.payload()).encodeResourceToString(bundle(base, target.id(), status));
    }

    Bundle events(String base, String subscriptionId, Outbox.Status current, List<Outbox.Notification> stored) {
        Parameters status =
                status(base, subscriptionId, current.topic(), current.status(), "query-event", current.eventCount());
        Bundle answer = bundle(base, subscriptionId, status);
        for (Outbox.Notification notification : stored) {
            // a topic-based subscription's notifications are stored as the Bundles sent; a criteria one's as its
            // resource
            if (current.topic() == null || notification.body() == null) {
                status.addParameter(notificationEvent(
                        notification.eventNumber(),
                        null,
                        base + "/" + notification.resourceType() + "/" + notification.resourceId()));
                continue;
            }
            Bundle original = (Bundle)
                    parser(notification.body().startsWith("<") ? "xml" : "json").parseResource(notification.body());
            Parameters sent = (Parameters) original.getEntryFirstRep().getResource();
            sent.getParameter().stream()
                    .filter(p -> p.getName().equals("notification-event"))
                    .forEach(status::addParameter);
            original.getEntry().stream().skip(1).forEach(answer::addEntry);
        }
        return answer;
    }

    static Parameters status(
            String base, String subscriptionId, String topic, String state, String type, long eventsSinceStart) {
        Parameters status = new Parameters();
        status.getMeta().addProfile(Backport.STATUS_PROFILE);
        status.addParameter().setName("subscription").setValue(new Reference(base + "/Subscription/" + subscriptionId));
        if (topic != null) {
            status.addParameter().setName("topic").setValue(new CanonicalType(topic));
        }
        status.addParameter().setName("status").setValue(new CodeType(state));
        status.addParameter().setName("type").setValue(new CodeType(type));
        status.addParameter()
                .setName("events-since-subscription-start")
                .setValue(new StringType(Long.toString(eventsSinceStart)));
        return status;
    }

    private static ParametersParameterComponent notificationEvent(long number, Date at, String focus) {
        ParametersParameterComponent event = new ParametersParameterComponent().setName("notification-event");
        event.addPart().setName("event-number").setValue(new StringType(Long.toString(number)));
        if (at != null) {
            event.addPart().setName("timestamp").setValue(new InstantType(at));
        }
        if (focus != null) {
            event.addPart().setName("focus").setValue(new Reference(focus));
        }
        return event;
    }

    private static Bundle bundle(String base, String subscriptionId, Parameters status) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY);
        bundle.setTimestamp(new Date());
        Bundle.BundleEntryComponent entry =
                bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(status);
        entry.getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(base + "/Subscription/" + subscriptionId + "/$status");
        entry.getResponse().setStatus("200");
        return bundle;
    }

    private IParser parser(String payload) {
        return payload != null && payload.contains("xml") ? fhir.newXmlParser() : fhir.newJsonParser();
    }
}
