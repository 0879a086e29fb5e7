package org.carerelay.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.carerelay.notify.rules.EndpointPolicy;

/**
 * Sends one notification to a rest-hook endpoint the way HAPI's R4 rest-hook does: without a payload an empty POST to
 * the endpoint; with one, the resource as PUT to {@code endpoint/Type/id}; for a topic-based subscription, the
 * notification Bundle as POST to the endpoint. The channel's headers go with it, and
 * {@code X-CareRelay-Subscription} and {@code X-CareRelay-Event-Number} let a receiver drop a duplicate. Redirects are
 * not followed: the endpoint was checked, the place it redirects to was not. The endpoint is checked again before each
 * delivery (its name resolved again), so a name that now points inside the network, or an endpoint the allowed list no
 * longer covers, gets nothing: the delivery fails with the reason and is retried like any other failure.
 */
final class RestHookSender implements Channel {

    static final String SUBSCRIPTION_HEADER = "X-CareRelay-Subscription";
    static final String EVENT_NUMBER_HEADER = "X-CareRelay-Event-Number";

    private final HttpClient client;
    private final Duration timeout;
    private final EndpointPolicy policy;

    RestHookSender(Duration timeout, EndpointPolicy policy) {
        this.timeout = timeout;
        this.policy = policy;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Empty when the receiver took it (any 2xx); else why not. */
    @Override
    public Optional<String> send(Outbox.Target target, Outbox.Notification notification) {
        Optional<String> refused = policy.refusal(target.endpoint());
        if (refused.isPresent()) {
            return Optional.of("not sent: " + refused.get());
        }
        String endpoint = target.endpoint().replaceAll("/+$", "");
        HttpRequest.Builder request;
        try {
            if (target.topic() != null) {
                // a topic-based notification is its Bundle, posted to the endpoint itself
                request = HttpRequest.newBuilder(URI.create(endpoint))
                        .header("Content-Type", target.payload() + "; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(notification.body(), StandardCharsets.UTF_8));
            } else if (target.payload() == null) {
                request = HttpRequest.newBuilder(URI.create(endpoint)).POST(HttpRequest.BodyPublishers.noBody());
            } else {
                request = HttpRequest.newBuilder(URI.create(
                                endpoint + "/" + notification.resourceType() + "/" + notification.resourceId()))
                        .header("Content-Type", target.payload() + "; charset=UTF-8")
                        .PUT(HttpRequest.BodyPublishers.ofString(notification.body(), StandardCharsets.UTF_8));
            }
            request.timeout(timeout).header(SUBSCRIPTION_HEADER, "Subscription/" + target.id());
            if (notification.eventNumber() > 0) {
                // a handshake or heartbeat is no event and has no number
                request.header(EVENT_NUMBER_HEADER, Long.toString(notification.eventNumber()));
            }
            for (String header : target.headers()) {
                int colon = header.indexOf(':');
                request.header(
                        header.substring(0, colon).trim(),
                        header.substring(colon + 1).trim());
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("the notification could not be built: " + e.getMessage());
        }
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2
                    ? Optional.empty()
                    : Optional.of("the endpoint answered HTTP " + response.statusCode());
        } catch (IOException e) {
            return Optional.of("the endpoint could not be reached: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("delivery was interrupted by a shutdown");
        }
    }
}
