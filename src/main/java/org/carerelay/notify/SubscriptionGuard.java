package org.carerelay.notify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.notify.rules.EndpointPolicy;
import org.carerelay.notify.rules.HandoffTopic;
import org.carerelay.server.StorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;

/**
 * Every stored Subscription, by any path (PUT, POST, transactions), is one the server can honour: a rest-hook
 * or websocket channel, for a rest-hook an endpoint that {@link EndpointPolicy} allows, a criteria of a known resource type that
 * HAPI's in-memory matcher can evaluate on each write (so that matching happens inside the write's transaction), and a
 * FHIR payload type; or, topic-based (Subscriptions Backport IG), the handoff topic with filters on owner, requester and
 * patient and a payload content of empty, id-only or full-resource. Anything else is refused with 422 naming the
 * element. A {@code requested} subscription becomes
 * {@code active} as it is stored.
 */
@Interceptor
final class SubscriptionGuard implements StorageInterceptor {

    static final Set<String> PAYLOADS =
            Set.of("application/fhir+json", "application/fhir+xml", "application/json", "application/xml");

    private final FhirContext fhir;
    private final SearchParamMatcher matcher;
    private final EndpointPolicy endpoints;

    SubscriptionGuard(FhirContext fhir, SearchParamMatcher matcher, EndpointPolicy endpoints) {
        this.fhir = fhir;
        this.matcher = matcher;
        this.endpoints = endpoints;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    private void check(IBaseResource resource, RequestDetails request) {
        if (!(resource instanceof Subscription subscription)) {
            return;
        }
        SubscriptionChannelType type = subscription.getChannel().getType();
        if (type != SubscriptionChannelType.RESTHOOK && type != SubscriptionChannelType.WEBSOCKET) {
            refuse(
                    IssueType.NOTSUPPORTED,
                    "channel type '"
                            + subscription.getChannel().getTypeElement().getValueAsString()
                            + "' is not supported; use rest-hook or websocket",
                    "Subscription.channel.type");
        }
        if (type == SubscriptionChannelType.RESTHOOK) {
            // a websocket client connects to the server; nothing is sent to an endpoint
            endpoints
                    .refusal(subscription.getChannel().getEndpoint())
                    .ifPresent(reason -> refuse(IssueType.SECURITY, reason, "Subscription.channel.endpoint"));
        }
        String payload = subscription.getChannel().getPayload();
        if (payload != null && !PAYLOADS.contains(payload)) {
            refuse(
                    IssueType.NOTSUPPORTED,
                    "payload '" + payload + "' is not supported; use one of "
                            + PAYLOADS.stream().sorted().toList(),
                    "Subscription.channel.payload");
        }
        for (int i = 0; i < subscription.getChannel().getHeader().size(); i++) {
            StringType header = subscription.getChannel().getHeader().get(i);
            if (header.getValue() == null || !header.getValue().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\r\n]*")) {
                refuse(
                        IssueType.INVALID,
                        "a channel header must read 'Name: value'",
                        "Subscription.channel.header[" + i + "]");
            }
        }
        if (Backport.isTopicBased(subscription)) {
            checkTopic(subscription, request);
        } else {
            criteriaRefusal(subscription.getCriteria(), request)
                    .ifPresent(reason -> refuse(IssueType.INVALID, reason, "Subscription.criteria"));
        }
        if (subscription.getStatus() == SubscriptionStatus.REQUESTED) {
            subscription.setStatus(SubscriptionStatus.ACTIVE);
            subscription.setError(null);
        }
    }

    private void checkTopic(Subscription subscription, RequestDetails request) {
        if (!HandoffTopic.URL.equals(subscription.getCriteria())) {
            refuse(
                    IssueType.NOTSUPPORTED,
                    "topic '" + subscription.getCriteria() + "' is not offered here; the topic is " + HandoffTopic.URL,
                    "Subscription.criteria");
        }
        List<String> filters = Backport.filters(subscription);
        for (int i = 0; i < filters.size(); i++) {
            String filter = filters.get(i);
            String where = "Subscription.criteria.extension('" + Backport.FILTER_CRITERIA + "')[" + i + "]";
            if (!filter.startsWith("Task?") || !Criteria.hasParameters(filter)) {
                refuse(
                        IssueType.INVALID,
                        "a filter of the handoff topic reads Task?owner=..., not '" + filter + "'",
                        where);
            }
            for (String pair : filter.substring(filter.indexOf('?') + 1).split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!HandoffTopic.FILTERS.contains(name)) {
                    refuse(
                            IssueType.NOTSUPPORTED,
                            "the handoff topic filters on "
                                    + HandoffTopic.FILTERS.stream().sorted().toList() + ", not on '" + name + "'",
                            where);
                }
            }
            criteriaRefusal(filter, request).ifPresent(reason -> refuse(IssueType.INVALID, reason, where));
        }
        String content = Backport.content(subscription);
        if (!Backport.CONTENTS.contains(content)) {
            refuse(
                    IssueType.INVALID,
                    "payload content '" + content + "' is none of " + Backport.CONTENTS,
                    "Subscription.channel.payload.extension('" + Backport.PAYLOAD_CONTENT + "')");
        }
    }

    private Optional<String> criteriaRefusal(String criteria, RequestDetails request) {
        if (criteria == null || criteria.isBlank()) {
            return Optional.of("a subscription needs criteria such as Task?status=requested");
        }
        String type = Criteria.resourceType(criteria);
        if (!fhir.getResourceTypes().contains(type) || type.equals("Subscription")) {
            return Optional.of("criteria '" + criteria + "' names no resource type this server notifies about");
        }
        if (!Criteria.hasParameters(criteria)) {
            return Optional.empty();
        }
        try {
            IBaseResource sample = fhir.getResourceDefinition(type).newInstance();
            InMemoryMatchResult result = matcher.match(criteria, sample, request);
            return result.supported()
                    ? Optional.empty()
                    : Optional.of("criteria '" + criteria + "' cannot be evaluated on each write: "
                            + result.getUnsupportedReason());
        } catch (BaseServerResponseException | IllegalArgumentException e) {
            return Optional.of("criteria '" + criteria + "' is not a valid search: " + e.getMessage());
        }
    }

    private static void refuse(IssueType type, String message, String expression) {
        throw new UnprocessableEntityException(
                "Subscription refused: " + message, OperationOutcomes.error(type, message, expression));
    }
}
