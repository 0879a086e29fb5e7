package org.carerelay.notify;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The websocket channel, at {@code /websocket}. A client first asks {@code Subscription/[id]/$get-ws-binding-token}
 * (an ordinary, authorized FHIR call), connects, and sends {@code bind-with-token <token>}; the server answers
 * {@code bound <id>}. Then each notification of that subscription arrives as a text message: a topic-based
 * subscription's notification Bundle, or {@code ping <id>} for a criteria-based one (as HAPI's R4 websocket sends it).
 * Notifications wait in the outbox while no client is bound, and go out, in order, once one binds again: a client
 * that was away misses nothing (after {@code retry-for} without a client the Subscription goes to error, as a
 * rest-hook's does). A client is bound on the server it connected to; with several servers, the one that leases the
 * subscription delivers when it holds the session.
 */
final class WebsocketChannel extends TextWebSocketHandler implements Channel {

    static final String PATH = "/websocket";

    private final Outbox outbox;
    private final Clock clock;
    private final Map<String, Set<WebSocketSession>> bound = new ConcurrentHashMap<>();

    WebsocketChannel(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        String text = message.getPayload().trim();
        if (!text.startsWith("bind-with-token ")) {
            reply(
                    session,
                    "error the only message is 'bind-with-token <token>' (Subscription/[id]/$get-ws-binding-token)");
            return;
        }
        String token = text.substring("bind-with-token ".length()).trim();
        Optional<String> subscription = outbox.subscriptionOfToken(token, clock.millis());
        if (subscription.isEmpty()) {
            reply(session, "error the token is unknown or has expired");
            return;
        }
        bound.computeIfAbsent(subscription.get(), k -> ConcurrentHashMap.newKeySet())
                .add(session);
        reply(session, "bound " + subscription.get());
        outbox.retryNow(subscription.get());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        bound.values().forEach(sessions -> sessions.remove(session));
    }

    @Override
    public Optional<String> send(Outbox.Target target, Outbox.Notification notification) {
        List<WebSocketSession> sessions = bound.getOrDefault(target.id(), Set.of()).stream()
                .filter(WebSocketSession::isOpen)
                .toList();
        if (sessions.isEmpty()) {
            // a heartbeat is for a client that is there; an event waits for one
            return notification.eventNumber() == 0
                    ? Optional.empty()
                    : Optional.of("no websocket client is bound to Subscription/" + target.id());
        }
        String text = target.topic() != null ? notification.body() : "ping " + target.id();
        boolean sent = false;
        for (WebSocketSession session : sessions) {
            try {
                reply(session, text);
                sent = true;
            } catch (IOException | IllegalStateException gone) {
                bound.getOrDefault(target.id(), Set.of()).remove(session);
            }
        }
        return sent ? Optional.empty() : Optional.of("every websocket client of Subscription/" + target.id() + " left");
    }

    /** One message at a time per session: a websocket session may not be written by two threads at once. */
    private static void reply(WebSocketSession session, String text) throws IOException {
        synchronized (session) {
            session.sendMessage(new TextMessage(text));
        }
    }
}
