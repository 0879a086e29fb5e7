package org.carerelay.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carerelay.notify.rules.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The read side of the outbox. A poller finds subscriptions with undelivered notifications (on every poll interval,
 * and at once when a write commits one) and hands each to a delivery thread. A delivery thread first leases the
 * subscription in the database, so that of several servers on one database only one delivers it, then sends its
 * notifications one by one in event-number order, marking each delivered once the receiver took it. A failure stops
 * the subscription until its backoff has passed (so order holds); after {@code retry-for} of failures it is set to
 * {@code error}. A notification is marked only after the receiver's 2xx: a crash in between sends it again
 * (at-least-once; the event number tells the receiver).
 */
final class DeliveryWorker implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final Outbox outbox;
    private final Map<String, Channel> channels;
    private final TopicNotifications topics;
    private final SubscriptionErrors errors;
    private final NotifyMetrics metrics;
    private final NotifyProperties properties;
    private final Backoff backoff;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Duration lease;
    private ScheduledExecutorService poller;
    private ExecutorService deliverers;
    private volatile boolean running;
    private long lastPurge;

    DeliveryWorker(
            Outbox outbox,
            Map<String, Channel> channels,
            TopicNotifications topics,
            SubscriptionErrors errors,
            NotifyMetrics metrics,
            NotifyProperties properties,
            Clock clock) {
        this.outbox = outbox;
        this.channels = Map.copyOf(channels);
        this.topics = topics;
        this.errors = errors;
        this.metrics = metrics;
        this.properties = properties;
        this.backoff = new Backoff(properties.initialBackoff(), properties.maxBackoff());
        this.clock = clock;
        // long enough for one attempt; renewed before each notification
        this.lease = properties.deliveryTimeout().multipliedBy(3).plusSeconds(10);
    }

    @Override
    public synchronized void start() {
        poller = Executors.newSingleThreadScheduledExecutor(named("carerelay-notify-poll"));
        deliverers = Executors.newFixedThreadPool(Math.max(1, properties.deliveryThreads()), named("carerelay-notify"));
        running = true;
        poller.scheduleWithFixedDelay(
                this::poll, 0, Math.max(10, properties.pollInterval().toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        poller.shutdownNow();
        deliverers.shutdownNow();
        try {
            deliverers.awaitTermination(properties.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.releaseAll(owner);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Looks at the outbox now rather than at the next poll (called after a write committed notifications). */
    void wake() {
        if (running && wakePending.compareAndSet(false, true)) {
            try {
                poller.execute(() -> {
                    wakePending.set(false);
                    poll();
                });
            } catch (RuntimeException e) {
                wakePending.set(false); // shutting down
            }
        }
    }

    private void poll() {
        if (!running) {
            return;
        }
        try {
            long now = clock.millis();
            if (now - lastPurge >= PURGE_EVERY.toMillis()) {
                lastPurge = now;
                int purged = outbox.purge(now - properties.keepDelivered().toMillis());
                if (purged > 0) {
                    LOG.info("Deleted {} notifications delivered more than {} ago", purged, properties.keepDelivered());
                }
            }
            metrics.backlog(outbox.backlog());
            for (String subscription : outbox.due(now)) {
                if (inFlight.add(subscription)) {
                    deliverers.execute(() -> {
                        try {
                            deliver(subscription);
                        } finally {
                            inFlight.remove(subscription);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Reading the notification outbox failed; trying again at the next poll", e);
        }
    }

    private void deliver(String subscription) {
        long now = clock.millis();
        if (!outbox.lease(subscription, owner, now, now + lease.toMillis())) {
            return;
        }
        try {
            while (running && outbox.renew(subscription, owner, clock.millis() + lease.toMillis())) {
                Optional<Outbox.Target> target = outbox.target(subscription);
                if (target.isEmpty()) {
                    return;
                }
                Optional<Outbox.Notification> next = outbox.next(subscription);
                // a topic subscription is greeted before its first event, and hears a heartbeat when nothing was
                // sent for its heartbeat period
                String signal = target.get().handshakeDue()
                        ? "handshake"
                        : next.isEmpty() && target.get().heartbeatDue(clock.millis()) ? "heartbeat" : null;
                if (signal == null && next.isEmpty()) {
                    return;
                }
                Outbox.Notification sending = signal == null
                        ? next.get()
                        : new Outbox.Notification(
                                0, 0, "Subscription", target.get().id(), null, topics.signal(target.get(), signal));
                Channel channel = channels.get(target.get().channelType());
                Optional<String> failure = channel == null
                        ? Optional.of("channel type " + target.get().channelType() + " is not delivered")
                        : channel.send(target.get(), sending);
                if (failure.isPresent()) {
                    failed(target.get(), failure.get());
                    return;
                }
                if (signal != null) {
                    outbox.signalled(subscription, clock.millis());
                } else {
                    outbox.delivered(next.get().id(), subscription, clock.millis());
                    metrics.delivered();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Delivering to Subscription/{} failed; trying again at the next poll", subscription, e);
        } finally {
            outbox.release(subscription, owner);
        }
    }

    private void failed(Outbox.Target target, String reason) {
        long now = clock.millis();
        int failures = target.failures() + 1;
        long failingSince = target.failingSince() == null ? now : target.failingSince();
        if (now - failingSince >= properties.retryFor().toMillis()) {
            LOG.warn("Subscription/{} set to error after failing since {}: {}", target.id(), failingSince, reason);
            errors.giveUp(target.id(), "Delivery failed for longer than " + properties.retryFor() + ": " + reason);
            metrics.expired();
            return;
        }
        outbox.failed(
                target.id(),
                failures,
                failingSince,
                now + backoff.after(failures).toMillis());
        metrics.retry();
        LOG.info(
                "Subscription/{}: attempt {} failed ({}); next in {}",
                target.id(),
                failures,
                reason,
                backoff.after(failures));
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
