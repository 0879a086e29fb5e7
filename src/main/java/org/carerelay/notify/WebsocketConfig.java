package org.carerelay.notify;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Serves the websocket channel at {@value WebsocketChannel#PATH}. Any origin may connect: binding needs a token that
 * only an authorized FHIR call hands out.
 */
@Configuration
@EnableWebSocket
class WebsocketConfig implements WebSocketConfigurer {

    private final WebsocketChannel channel;

    WebsocketConfig(WebsocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(channel, WebsocketChannel.PATH).setAllowedOriginPatterns("*");
    }
}
