package org.carerelay.notify;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Parameters;

/** A websocket client started by a test (the JDK's): it sends text and keeps every text message it receives. */
final class WebsocketClient implements AutoCloseable {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WebsocketClient(String url) {
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received.add(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .join();
    }

    static WebsocketClient connect(String url) {
        return new WebsocketClient(url);
    }

    /** {@code Subscription/[id]/$get-ws-binding-token}: the token, the websocket URL and the subscription. */
    static Parameters bindingToken(IGenericClient client, String subscription) {
        return client.operation()
                .onInstance(subscription)
                .named("$get-ws-binding-token")
                .withNoParameters(Parameters.class)
                .useHttpGet()
                .execute();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, waiting up to 20 seconds; fails when none comes. */
    String next() throws InterruptedException {
        String message = received.poll(20, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no websocket message within 20 seconds");
        }
        return message;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
}
