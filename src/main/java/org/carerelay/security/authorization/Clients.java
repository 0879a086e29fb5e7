package org.carerelay.security.authorization;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carerelay.security.SecurityProperties;
import org.carerelay.security.SecurityProperties.Client;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The apps of {@code carerelay.security.clients}, as Spring Authorization Server registrations. How a client
 * authenticates decides what it may do: a public client (no credential) only the authorization code flow with PKCE;
 * a confidential one (a {@code secret} or a JWK Set) also refresh tokens; one without redirect URIs is a backend
 * service and only has {@code client_credentials} (SMART Backend Services).
 */
final class Clients {

    private final List<Client> configured;
    private final InMemoryRegisteredClientRepository repository;

    Clients(SecurityProperties security) {
        this(security, List.of());
    }

    /**
     * The configured clients and the server's own apps ({@code defaults}); a configured client with the id of a default
     * one replaces it.
     */
    Clients(SecurityProperties security, List<Client> defaults) {
        List<Client> all = new ArrayList<>(security.clients());
        defaults.stream()
                .filter(d ->
                        security.clients().stream().noneMatch(c -> d.clientId().equals(c.clientId())))
                .forEach(all::add);
        this.configured = List.copyOf(all);
        if (configured.isEmpty()) {
            throw new IllegalStateException("carerelay.security.enabled is true without an issuer, so the built-in"
                    + " authorization server issues tokens, but it has no clients: configure at least one under"
                    + " carerelay.security.clients, or name an external issuer with carerelay.security.issuer"
                    + " (see README, Security)");
        }
        List<RegisteredClient> registered = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Client client : configured) {
            if (client.clientId() == null || client.clientId().isBlank() || !ids.add(client.clientId())) {
                throw new IllegalStateException(
                        "carerelay.security.clients: every client needs a client-id of its own: " + client.clientId());
            }
            registered.add(register(client, security));
        }
        this.repository = new InMemoryRegisteredClientRepository(registered);
    }

    InMemoryRegisteredClientRepository repository() {
        return repository;
    }

    Optional<Client> find(String clientId) {
        return configured.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    /** The apps an EHR launch can open. */
    List<Client> launchable() {
        return configured.stream()
                .filter(c -> c.launchUri() != null && !c.launchUri().isBlank())
                .toList();
    }

    static boolean usesKeys(Client client) {
        return present(client.jwksUri()) || client.jwksFile() != null;
    }

    private static RegisteredClient register(Client client, SecurityProperties security) {
        boolean secret = present(client.secret());
        boolean keys = usesKeys(client);
        if (secret && keys || present(client.jwksUri()) && client.jwksFile() != null) {
            throw new IllegalStateException("carerelay.security.clients " + client.clientId()
                    + ": set at most one of secret, jwks-file and jwks-uri");
        }
        boolean interactive = !client.redirectUris().isEmpty();
        if (!interactive && !secret && !keys) {
            throw new IllegalStateException("carerelay.security.clients " + client.clientId()
                    + ": a public client needs redirect-uris; a backend service needs jwks-file, jwks-uri or secret");
        }
        if (client.allowedScopes().isEmpty()) {
            throw new IllegalStateException("carerelay.security.clients " + client.clientId()
                    + ": scopes (the most it may be granted) is empty");
        }
        RegisteredClient.Builder builder = RegisteredClient.withId(client.clientId())
                .clientId(client.clientId())
                .clientName(client.displayName())
                .scopes(scopes -> scopes.addAll(client.allowedScopes()))
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(!secret && !keys)
                        .requireAuthorizationConsent(true)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(security.accessTokenLifetime())
                        .refreshTokenTimeToLive(security.refreshTokenLifetime())
                        .reuseRefreshTokens(false)
                        .build());
        if (secret) {
            builder.clientSecret(client.secret().startsWith("{") ? client.secret() : "{noop}" + client.secret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        } else if (keys) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        } else {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        }
        if (interactive) {
            builder.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE);
            client.redirectUris().forEach(builder::redirectUri);
            if (secret || keys) {
                builder.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
            }
        }
        if (!interactive) {
            builder.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
        }
        return builder.build();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
