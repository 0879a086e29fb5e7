package org.carerelay.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notification meters on the Prometheus endpoint: {@code carerelay_notifications_deliveries_total} (notifications a
 * receiver took), {@code carerelay_notifications_retries_total} (failed attempts that will be tried again),
 * {@code carerelay_notifications_expired_total} (subscriptions set to error when retries ran out) and
 * {@code carerelay_notifications_backlog} (undelivered notifications of active subscriptions, as of the last poll).
 */
final class NotifyMetrics {

    private final Counter deliveries;
    private final Counter retries;
    private final Counter expired;
    private final AtomicLong backlog = new AtomicLong();

    NotifyMetrics(MeterRegistry meters) {
        deliveries = Counter.builder("carerelay.notifications.deliveries")
                .description("notifications a receiver accepted")
                .register(meters);
        retries = Counter.builder("carerelay.notifications.retries")
                .description("failed delivery attempts that will be retried")
                .register(meters);
        expired = Counter.builder("carerelay.notifications.expired")
                .description("subscriptions set to error because delivery failed for longer than retry-for")
                .register(meters);
        Gauge.builder("carerelay.notifications.backlog", backlog, AtomicLong::get)
                .description("undelivered notifications of active subscriptions")
                .register(meters);
    }

    void delivered() {
        deliveries.increment();
    }

    void retry() {
        retries.increment();
    }

    void expired() {
        expired.increment();
    }

    void backlog(long pending) {
        backlog.set(pending);
    }
}
