package org.carerelay.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code carerelay.security} section of {@code hapi.application.yaml}.
 *
 * @param enabled whether every request but discovery needs a bearer token (off only in the embedded default)
 * @param issuer the {@code iss} a token must carry
 * @param jwksUri where the issuer publishes its signing keys (a JWK Set over HTTPS)
 * @param jwksFile the issuer's JWK Set as a local file, for air-gapped sites and tests
 * @param audience the {@code aud} a token must carry; empty means the configured server address (one of the two is
 *     required: an audience taken from the request would be whatever Host header the caller sends)
 * @param authorizationEndpoint the issuer's authorization endpoint, advertised to SMART apps
 * @param tokenEndpoint the issuer's token endpoint, advertised to SMART apps
 */
@ConfigurationProperties("carerelay.security")
public record SecurityProperties(
        boolean enabled,
        String issuer,
        String jwksUri,
        Path jwksFile,
        String audience,
        String authorizationEndpoint,
        String tokenEndpoint) {

    boolean hasAudience() {
        return audience != null && !audience.isBlank();
    }
}
