package org.carerelay.worklist;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the page needs to know before it signs in: its client id and scopes, and how often to poll. Whether to sign in
 * at all it learns from the server's SMART discovery, like any app.
 */
@RestController
class WorklistSettings {

    private final WorklistProperties properties;

    WorklistSettings(WorklistProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/worklist/settings.json", produces = "application/json")
    Map<String, Object> settings() {
        return Map.of(
                "clientId", properties.clientId(),
                "scope", WorklistProperties.SCOPES,
                "pollSeconds", properties.pollInterval().toSeconds());
    }
}
