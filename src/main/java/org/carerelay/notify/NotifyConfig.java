package org.carerelay.notify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.carerelay.notify.rules.EndpointPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Notifications: R4 rest-hook subscriptions, criteria-based and topic-based (Subscriptions Backport IG), delivered from a
 * transactional outbox. HAPI's own subscription pipeline
 * (matching and delivery over in-memory channels) is not wired, because what sits in its queues is lost on a crash;
 * HAPI's in-memory matcher decides what matches, inside the write's transaction. The storage hooks are registered on
 * the JPA interceptor service by the server configuration (they are {@code StorageInterceptor}s).
 */
@Configuration
class NotifyConfig {

    @Bean
    Outbox notificationOutbox(DataSource dataSource) {
        return new Outbox(dataSource);
    }

    @Bean
    SubscriptionGuard subscriptionGuard(FhirContext fhir, SearchParamMatcher matcher, NotifyProperties properties) {
        return new SubscriptionGuard(fhir, matcher, new EndpointPolicy(properties.allowedEndpoints()));
    }

    @Bean
    WebsocketChannel websocketChannel(Outbox outbox) {
        return new WebsocketChannel(outbox, Clock.systemUTC());
    }

    @Bean
    DeliveryWorker notificationDeliveryWorker(
            FhirContext fhir,
            Outbox outbox,
            WebsocketChannel websocket,
            DaoRegistry daos,
            MeterRegistry meters,
            NotifyProperties properties) {
        return new DeliveryWorker(
                outbox,
                Map.of(
                        "rest-hook",
                        new RestHookSender(
                                properties.deliveryTimeout(), new EndpointPolicy(properties.allowedEndpoints())),
                        "websocket",
                        websocket),
                new TopicNotifications(fhir),
                new SubscriptionErrors(daos),
                new NotifyMetrics(meters),
                properties,
                Clock.systemUTC());
    }

    @Bean
    SubscriptionStatusProvider subscriptionStatusProvider(FhirContext fhir, DaoRegistry daos, Outbox outbox) {
        return new SubscriptionStatusProvider(daos, outbox, new TopicNotifications(fhir), Clock.systemUTC());
    }

    @Bean
    TopicDefinition handoffTopicDefinition() {
        return new TopicDefinition();
    }

    @Bean
    SubscriptionCapabilities subscriptionCapabilities() {
        return new SubscriptionCapabilities();
    }

    @Bean
    OutboxWriter outboxWriter(FhirContext fhir, SearchParamMatcher matcher, Outbox outbox, DeliveryWorker worker) {
        return new OutboxWriter(fhir, matcher, outbox, worker, Clock.systemUTC());
    }
}
