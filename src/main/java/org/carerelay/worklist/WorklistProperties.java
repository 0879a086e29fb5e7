package org.carerelay.worklist;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code carerelay.worklist} section of {@code hapi.application.yaml}: the care coordinator's worklist page at
 * {@code /worklist/}, a SMART app served by this server.
 *
 * @param clientId the app's client id: registered under this id in the built-in authorization server (a public client
 *     with PKCE), and the id to register with an external issuer
 * @param pollInterval how often the page asks for new incoming handoffs
 */
@ConfigurationProperties("carerelay.worklist")
public record WorklistProperties(
        @DefaultValue("carerelay-worklist") String clientId,
        @DefaultValue("15s") Duration pollInterval) {

    /** Where the page is served, and where the authorization server sends the browser back to. */
    public static final String PATH = "/worklist/";

    /** What the page asks for: the signed-in person's identity, and reading and writing what that person may. */
    public static final String SCOPES = "openid fhirUser user/*.crus";

    public WorklistProperties {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("carerelay.worklist.client-id must not be empty");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("carerelay.worklist.poll-interval must be positive");
        }
    }
}
