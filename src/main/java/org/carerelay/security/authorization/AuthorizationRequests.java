package org.carerelay.security.authorization;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.carerelay.security.Endpoints;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * SMART's rules for {@code /authorize} and for backend services, plugged into Spring Authorization Server: the
 * {@code aud} must be this FHIR server, scopes are narrowed to what the client may be granted to the person signing in
 * (unknown ones refused), an EHR launch must name a live {@code launch}, a launch context needs a chosen patient, and
 * {@code client_credentials} grants only {@code system/} scopes.
 */
final class AuthorizationRequests {

    private final RegisteredClientRepository clients;
    private final Users users;
    private final Launches launches;
    private final String fhirBase;

    AuthorizationRequests(RegisteredClientRepository clients, Users users, Launches launches, Endpoints endpoints) {
        this.clients = clients;
        this.users = users;
        this.launches = launches;
        this.fhirBase = endpoints.fhirBase();
    }

    /** Drops the scopes the client may not be granted before anything else sees the request. */
    AuthenticationConverter narrowing(AuthenticationConverter converter) {
        return request -> narrow(converter.convert(request));
    }

    private Authentication narrow(Authentication converted) {
        if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken asked)) {
            return converted;
        }
        RegisteredClient client = clients.findByClientId(asked.getClientId());
        if (client != null
                && !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.AUTHORIZATION_CODE)) {
            // Spring would redirect this error to whatever redirect_uri was sent, registered or not
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(
                    new OAuth2Error(
                            OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
                            "this client may not use the authorization code flow",
                            null),
                    null);
        }
        if (client == null || ScopePolicy.unknown(asked.getScopes()).isPresent()) {
            return converted; // refused by the validators, with the reason
        }
        Set<String> grantable = grantable(asked, client);
        if (grantable.isEmpty() || grantable.equals(asked.getScopes())) {
            return converted;
        }
        return new OAuth2AuthorizationCodeRequestAuthenticationToken(
                asked.getAuthorizationUri(),
                asked.getClientId(),
                (Authentication) asked.getPrincipal(),
                asked.getRedirectUri(),
                asked.getState(),
                grantable,
                asked.getAdditionalParameters());
    }

    /** The checks of an authorization request, after Spring's own of {@code redirect_uri}. */
    Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> validator() {
        return OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.andThen(
                this::validate);
    }

    private void validate(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        RegisteredClient client = context.getRegisteredClient();
        Set<String> scopes = request.getScopes();
        ScopePolicy.unknown(scopes)
                .ifPresent(s -> refuse(OAuth2ErrorCodes.INVALID_SCOPE, "unknown scope " + s, request, client));
        if (ScopePolicy.tooMany(scopes)) {
            refuse(OAuth2ErrorCodes.INVALID_SCOPE, "too many scopes asked at once", request, client);
        }
        if (!scopes.isEmpty() && !grantable(request, client).equals(scopes)) {
            refuse(
                    OAuth2ErrorCodes.INVALID_SCOPE,
                    "none of the scopes asked may be granted to this client and user",
                    request,
                    client);
        }
        Map<String, Object> parameters = request.getAdditionalParameters();
        Object aud = parameters.get("aud");
        if (aud == null || !Endpoints.withoutTrailingSlash(aud.toString()).equals(fhirBase)) {
            refuse(
                    OAuth2ErrorCodes.INVALID_REQUEST,
                    "aud must be this FHIR server's base URL, " + fhirBase,
                    request,
                    client);
        }
        if (scopes.contains(ScopePolicy.LAUNCH)) {
            Object launch = parameters.get(ScopePolicy.LAUNCH);
            if (launch == null
                    || launches.find(launch.toString(), client.getClientId()).isEmpty()) {
                refuse(
                        OAuth2ErrorCodes.INVALID_REQUEST,
                        "scope launch needs the launch parameter of a live EHR launch of this app",
                        request,
                        client);
            }
        }
    }

    /**
     * The last check of what the person approved: a patient context was chosen for {@code launch/patient} or
     * {@code launch} (the consent form could be posted without passing the picker), and no {@code user/} scope goes to
     * a person who is a patient.
     */
    Consumer<OAuth2AuthorizationConsentAuthenticationContext> consentCheck() {
        return context -> {
            OAuth2AuthorizationConsentAuthenticationToken consent = context.getAuthentication();
            Set<String> approved = consent.getScopes();
            boolean launchContext =
                    approved.contains(ScopePolicy.LAUNCH_PATIENT) || approved.contains(ScopePolicy.LAUNCH);
            if (launchContext && context.getAuthorization().getAttribute(SmartTokens.PATIENT) == null) {
                throw new OAuth2AuthorizationCodeRequestAuthenticationException(
                        new OAuth2Error(
                                OAuth2ErrorCodes.INVALID_REQUEST,
                                "no patient was chosen for launch/patient or launch",
                                null),
                        null);
            }
            Authentication person = (Authentication) consent.getPrincipal();
            if (users.patientSelf(person.getName()) != null
                    && approved.stream().anyMatch(s -> s.startsWith(ScopePolicy.USER_PREFIX))) {
                throw new OAuth2AuthorizationCodeRequestAuthenticationException(
                        new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, "user/ scopes are not for patients", null),
                        null);
            }
        };
    }

    /** Backend services: at least one scope, each a system/ scope the client's allowance covers. */
    Consumer<OAuth2ClientCredentialsAuthenticationContext> backendValidator() {
        return context -> {
            Set<String> scopes = ((OAuth2ClientCredentialsAuthenticationToken) context.getAuthentication()).getScopes();
            if (scopes.isEmpty()) {
                throw invalidScope("backend services must ask for system/ scopes");
            }
            if (ScopePolicy.tooMany(scopes)) {
                throw invalidScope("too many scopes asked at once");
            }
            ScopePolicy.refusedToBackend(
                            scopes, List.copyOf(context.getRegisteredClient().getScopes()))
                    .ifPresent(s -> {
                        throw invalidScope("scope " + s + " is not a system/ scope this client is allowed");
                    });
        };
    }

    /** What the client may be granted of what it asked, for the person signing in (once they have). */
    private Set<String> grantable(OAuth2AuthorizationCodeRequestAuthenticationToken asked, RegisteredClient client) {
        boolean patientUser = asked.getPrincipal() instanceof Authentication person
                && person.isAuthenticated()
                && users.patientSelf(person.getName()) != null;
        return ScopePolicy.grantable(asked.getScopes(), List.copyOf(client.getScopes()), patientUser);
    }

    private static OAuth2AuthenticationException invalidScope(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, description, null));
    }

    /** Refuses with a redirect to the app (its redirect URI was checked first), as RFC 6749 4.1.2.1 says. */
    private static void refuse(
            String code,
            String description,
            OAuth2AuthorizationCodeRequestAuthenticationToken request,
            RegisteredClient client) {
        String redirectUri = request.getRedirectUri() != null
                ? request.getRedirectUri()
                : client.getRedirectUris().iterator().next();
        throw new OAuth2AuthorizationCodeRequestAuthenticationException(
                new OAuth2Error(code, description, null),
                new OAuth2AuthorizationCodeRequestAuthenticationToken(
                        request.getAuthorizationUri(),
                        request.getClientId(),
                        (Authentication) request.getPrincipal(),
                        redirectUri,
                        request.getState(),
                        request.getScopes(),
                        request.getAdditionalParameters()));
    }
}
