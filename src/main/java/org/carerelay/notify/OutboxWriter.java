package org.carerelay.notify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.function.LongFunction;
import org.carerelay.notify.rules.HandoffTopic;
import org.carerelay.server.StorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The write side of the outbox. Runs just before each write's transaction commits (HAPI's precommit pointcuts, also for
 * every entry of a transaction bundle): a stored Subscription is recorded for matching, and every other resource is
 * matched in memory against the active subscriptions of its type, each match becoming an outbox row in the same
 * transaction. A rolled-back write therefore announces nothing, and a committed one cannot lose its notifications.
 * After commit the delivery worker is woken, so delivery does not wait for its next poll.
 */
@Interceptor
final class OutboxWriter implements StorageInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWriter.class);

    private final FhirContext fhir;
    private final SearchParamMatcher matcher;
    private final Outbox outbox;
    private final DeliveryWorker worker;
    private final Clock clock;
    private final TopicNotifications topics;

    OutboxWriter(FhirContext fhir, SearchParamMatcher matcher, Outbox outbox, DeliveryWorker worker, Clock clock) {
        this.fhir = fhir;
        this.topics = new TopicNotifications(fhir);
        this.matcher = matcher;
        this.outbox = outbox;
        this.worker = worker;
        this.clock = clock;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        written(null, resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        written(previous, resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        if (resource instanceof Subscription subscription) {
            outbox.forget(subscription.getIdElement().getIdPart());
        }
    }

    private void written(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (resource instanceof Subscription subscription) {
            record(subscription, request);
            return;
        }
        String type = fhir.getResourceType(resource);
        boolean added = false;
        String base = request == null || request.getFhirServerBase() == null ? "" : request.getFhirServerBase();
        for (Outbox.Matching candidate : outbox.activeFor(type)) {
            if (candidate.topic() != null && !triggers(previous, resource)) {
                continue;
            }
            if (matches(candidate, resource, request)) {
                Date at = new Date(clock.millis());
                LongFunction<String> body = candidate.topic() == null
                        ? number -> body(candidate.payload(), resource)
                        : number -> topics.event(
                                base,
                                candidate.id(),
                                number,
                                candidate.content(),
                                resource,
                                previous == null,
                                at,
                                candidate.payload());
                outbox.add(
                        candidate.id(),
                        type,
                        resource.getIdElement().getIdPart(),
                        resource.getIdElement().getVersionIdPart(),
                        body,
                        at.getTime());
                added = true;
            }
        }
        if (added) {
            wakeAfterCommit();
        }
    }

    private static boolean triggers(IBaseResource previous, IBaseResource resource) {
        return resource instanceof Task task
                && HandoffTopic.triggers(previous instanceof Task before ? before : null, task);
    }

    private boolean matches(Outbox.Matching candidate, IBaseResource resource, RequestDetails request) {
        if (!Criteria.hasParameters(candidate.criteria())) {
            return true;
        }
        InMemoryMatchResult result = matcher.match(candidate.criteria(), resource, request);
        if (!result.supported()) {
            LOG.warn(
                    "Subscription/{} criteria can no longer be matched in memory: {}",
                    candidate.id(),
                    result.getUnsupportedReason());
        }
        return result.supported() && result.matched();
    }

    private String body(String payload, IBaseResource resource) {
        if (payload == null) {
            return null;
        }
        return payload.contains("xml")
                ? fhir.newXmlParser().encodeResourceToString(resource)
                : fhir.newJsonParser().encodeResourceToString(resource);
    }

    private void record(Subscription subscription, RequestDetails request) {
        Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
        String criteria = subscription.getCriteria() == null ? "" : subscription.getCriteria();
        boolean topic = Backport.isTopicBased(subscription);
        String matched = topic ? Backport.combinedCriteria("Task", Backport.filters(subscription)) : criteria;
        outbox.save(
                subscription.getIdElement().getIdPart(),
                new Outbox.Definition(
                        Criteria.resourceType(matched),
                        matched,
                        channel.getTypeElement().getValueAsString(),
                        channel.getEndpoint(),
                        topic && channel.getPayload() == null ? "application/fhir+json" : channel.getPayload(),
                        channel.getHeader().stream().map(StringType::getValue).toList(),
                        subscription.getStatusElement().getValueAsString(),
                        topic ? criteria : null,
                        topic ? Backport.content(subscription) : null,
                        topic ? Backport.heartbeatSeconds(subscription) : null,
                        request == null ? null : request.getFhirServerBase()),
                clock.millis());
    }

    private void wakeAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            worker.wake();
            return;
        }
        List<TransactionSynchronization> registered = TransactionSynchronizationManager.getSynchronizations();
        if (registered.stream().noneMatch(WakeWorker.class::isInstance)) {
            TransactionSynchronizationManager.registerSynchronization(new WakeWorker(worker));
        }
    }

    private record WakeWorker(DeliveryWorker worker) implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            worker.wake();
        }
    }
}
