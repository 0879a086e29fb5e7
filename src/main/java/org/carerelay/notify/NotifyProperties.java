package org.carerelay.notify;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code carerelay.subscriptions} section of {@code hapi.application.yaml}: where notifications may go and how hard
 * the server tries to deliver them.
 *
 * @param allowedEndpoints URL prefixes a rest-hook endpoint must start with; loopback only by default
 * @param retryFor how long a subscription keeps failing before it is set to {@code error}
 * @param initialBackoff the wait after the first failed attempt; doubled after each further failure
 * @param maxBackoff the longest wait between two attempts
 * @param pollInterval how often the outbox is read when no write wakes the worker
 * @param deliveryTimeout connect and answer time allowed to a receiver per attempt
 * @param deliveryThreads subscriptions delivered to at once (each one in order)
 * @param keepDelivered how long a delivered notification stays readable through {@code $events}; then it is deleted
 *     (undelivered ones are never deleted while their subscription exists)
 */
@ConfigurationProperties("carerelay.subscriptions")
public record NotifyProperties(
        @DefaultValue({"http://localhost", "http://127.0.0.1", "https://localhost", "https://127.0.0.1"})
        List<String> allowedEndpoints,

        @DefaultValue("24h") Duration retryFor,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10s") Duration deliveryTimeout,
        @DefaultValue("4") int deliveryThreads,
        @DefaultValue("30d") Duration keepDelivered) {}
