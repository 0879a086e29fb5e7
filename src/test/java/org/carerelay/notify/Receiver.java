package org.carerelay.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rest-hook receiver on loopback, started by a test: it records every request under its own path and answers 200,
 * or 500 for the next {@link #failNext(int)} requests. Requests to other paths (meant for an earlier receiver that had
 * the same port) are answered 404 and not recorded.
 */
final class Receiver implements AutoCloseable {

    /** One request as it arrived; {@code status} is what the receiver answered. */
    record Request(String method, String path, Map<String, List<String>> headers, String body, int status) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final String path;

    private Receiver(int port, String path) {
        this.path = path;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().startsWith(path)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body,
                    status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    static Receiver start() {
        return new Receiver(0, "/hook/" + UUID.randomUUID());
    }

    /** A receiver in the place of an earlier one (it comes back after an outage). */
    Receiver restart() {
        return new Receiver(port(), path);
    }

    void failNext(int count) {
        failures.set(count);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The path of the endpoint, which every request to this receiver starts with. */
    String path() {
        return path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests the receiver accepted (answered 200), in arrival order. */
    List<Request> accepted() {
        return requests.stream().filter(request -> request.status() == 200).toList();
    }

    /** The accepted notifications of events: those numbered (a handshake or a heartbeat carries no number). */
    List<Request> events() {
        return accepted().stream()
                .filter(r -> r.header(RestHookSender.EVENT_NUMBER_HEADER) != null)
                .toList();
    }

    /** The accepted handshakes and heartbeats, as their SubscriptionStatus type says. */
    List<Request> signals() {
        return accepted().stream()
                .filter(r -> r.header(RestHookSender.EVENT_NUMBER_HEADER) == null)
                .toList();
    }

    /** The ids of the Patients notified, in order (a PUT to endpoint/Patient/id per notification). */
    Set<String> patientsNotified() {
        Set<String> ids = new LinkedHashSet<>();
        events().forEach(r -> ids.add(r.path().replaceAll(".*/Patient/", "")));
        return ids;
    }

    /** The event numbers of the accepted notifications, in the order they arrived. */
    List<Long> eventNumbers() {
        return events().stream()
                .map(r -> Long.parseLong(r.header(RestHookSender.EVENT_NUMBER_HEADER)))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
