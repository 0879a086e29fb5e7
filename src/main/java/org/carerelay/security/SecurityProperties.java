package org.carerelay.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code carerelay.security} section of {@code hapi.application.yaml}.
 *
 * @param enabled whether every request but discovery needs a bearer token (off only in the embedded default)
 * @param issuer the {@code iss} a token must carry; empty means the built-in authorization server issues the tokens
 * @param jwksUri where an external issuer publishes its signing keys (a JWK Set over HTTPS)
 * @param jwksFile an external issuer's JWK Set as a local file, for air-gapped sites and tests
 * @param audience the {@code aud} a token must carry; empty means the configured server address (one of the two is
 *     required: an audience taken from the request would be whatever Host header the caller sends)
 * @param authorizationEndpoint an external issuer's authorization endpoint, advertised to SMART apps
 * @param tokenEndpoint an external issuer's token endpoint, advertised to SMART apps
 * @param clients the apps the built-in authorization server knows
 * @param users the people who may sign in to the built-in authorization server
 * @param accessTokenLifetime how long an access token of the built-in server is valid
 * @param refreshTokenLifetime how long a refresh token of the built-in server is valid
 * @param signingKeyFile a JWK Set holding the built-in server's private signing key; empty means a key generated on
 *     first start and kept in the database
 */
@ConfigurationProperties("carerelay.security")
public record SecurityProperties(
        boolean enabled,
        String issuer,
        String jwksUri,
        Path jwksFile,
        String audience,
        String authorizationEndpoint,
        String tokenEndpoint,
        @DefaultValue List<Client> clients,
        @DefaultValue List<User> users,
        @DefaultValue("1h") Duration accessTokenLifetime,
        @DefaultValue("30d") Duration refreshTokenLifetime,
        Path signingKeyFile) {

    /** Only an external issuer's settings, as the resource-server tests build them. */
    public static SecurityProperties external(
            boolean enabled,
            String issuer,
            String jwksUri,
            Path jwksFile,
            String audience,
            String authorizationEndpoint,
            String tokenEndpoint) {
        return new SecurityProperties(
                enabled,
                issuer,
                jwksUri,
                jwksFile,
                audience,
                authorizationEndpoint,
                tokenEndpoint,
                List.of(),
                List.of(),
                Duration.ofHours(1),
                Duration.ofDays(30),
                null);
    }

    boolean hasAudience() {
        return audience != null && !audience.isBlank();
    }

    /** Whether this server issues its own tokens: security on and no external issuer named. */
    public boolean builtIn() {
        return enabled && (issuer == null || issuer.isBlank());
    }

    /**
     * An app the built-in authorization server knows. Exactly one way of authenticating: none (a public client, PKCE
     * required), a {@code secret}, or a JWK Set ({@code jwks-file} or {@code jwks-uri}) for {@code private_key_jwt}.
     *
     * @param scopes the most the app may be granted; each entry may hold several scopes separated by spaces
     */
    public record Client(
            String clientId,
            String name,
            @DefaultValue List<String> redirectUris,
            String launchUri,
            @DefaultValue List<String> scopes,
            String secret,
            Path jwksFile,
            String jwksUri) {

        /** The allowed scopes, one per entry, whether configured as a list or as one space-separated string. */
        public List<String> allowedScopes() {
            return scopes.stream()
                    .flatMap(s -> Arrays.stream(s.strip().split("\\s+")))
                    .filter(s -> !s.isEmpty())
                    .distinct()
                    .toList();
        }

        public String displayName() {
            return name == null || name.isBlank() ? clientId : name;
        }
    }

    /**
     * A person who signs in to the built-in authorization server.
     *
     * @param password in Spring Security's stored form: {@code {bcrypt}...} or {@code {noop}...}
     * @param fhirUser the FHIR resource that is this user, such as {@code Practitioner/123}
     */
    public record User(String username, String password, String fhirUser) {}
}
