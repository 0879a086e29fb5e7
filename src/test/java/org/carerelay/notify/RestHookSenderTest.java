package org.carerelay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.carerelay.notify.rules.EndpointPolicy;
import org.junit.jupiter.api.Test;

/**
 * The endpoint is checked again before every delivery: the allowed list as it is now, and the address the name
 * resolves to now. A receiver outside them gets nothing, and the failure says why.
 */
class RestHookSenderTest {

    static final Outbox.Notification NOTIFICATION = new Outbox.Notification(1, 1, "Patient", "1", "1", "{}");

    @Test
    void anAllowedReceiverGetsTheNotification() {
        try (Receiver receiver = Receiver.start()) {
            RestHookSender sender = new RestHookSender(
                    Duration.ofSeconds(5), new EndpointPolicy(List.of("http://127.0.0.1:" + receiver.port() + "/")));

            assertThat(sender.send(target(receiver.endpoint()), NOTIFICATION)).isEmpty();
            assertThat(receiver.accepted()).hasSize(1);
        }
    }

    @Test
    void anEndpointTheAllowedListNoLongerCoversGetsNothing() {
        try (Receiver receiver = Receiver.start()) {
            RestHookSender sender = new RestHookSender(
                    Duration.ofSeconds(5), new EndpointPolicy(List.of("https://hooks.example.org/")));

            Optional<String> failure = sender.send(target(receiver.endpoint()), NOTIFICATION);

            assertThat(failure)
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .startsWith("not sent: ")
                            .contains("carerelay.subscriptions.allowed-endpoints"));
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aNameThatNowResolvesInsideTheNetworkGetsNothing() {
        try (Receiver receiver = Receiver.start()) {
            // allowed by prefix, but "localhost" resolves to loopback, which the prefix does not name
            RestHookSender sender = new RestHookSender(Duration.ofSeconds(5), new EndpointPolicy(List.of("http://")));

            Optional<String> failure =
                    sender.send(target(receiver.endpoint().replace("127.0.0.1", "localhost")), NOTIFICATION);

            assertThat(failure)
                    .hasValueSatisfying(reason -> assertThat(reason).contains("loopback, private or link-local"));
            assertThat(receiver.requests()).isEmpty();
        }
    }

    private static Outbox.Target target(String endpoint) {
        return new Outbox.Target(
                "1", "rest-hook", endpoint, null, List.of(), 0, null, null, false, null, null, null, 0);
    }
}
