package org.carerelay.security.authorization;

import com.nimbusds.jwt.JWTParser;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.carerelay.security.Endpoints;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * What SMART puts into tokens: the access token names this FHIR server as {@code aud}, carries {@code scope} as a
 * space-separated string, the {@code client_id}, the user's {@code fhirUser} and the {@code patient} in context; the
 * id token carries {@code fhirUser} as a URL when asked; the token response repeats {@code patient}. Refresh tokens
 * only with {@code offline_access}, and only while the person still exists.
 */
final class SmartTokens {

    /** Authorization attribute: the patient chosen at sign-in or by an EHR launch (a bare id). */
    static final String PATIENT = "smart_patient";

    private final Endpoints endpoints;
    private final Users users;

    SmartTokens(Endpoints endpoints, Users users) {
        this.endpoints = endpoints;
        this.users = users;
    }

    OAuth2TokenCustomizer<JwtEncodingContext> claims() {
        return context -> {
            OAuth2Authorization authorization = context.getAuthorization();
            String patient = authorization == null ? null : authorization.getAttribute(PATIENT);
            String fhirUser = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
                            || context.getPrincipal() instanceof OAuth2ClientAuthenticationToken
                    ? null
                    : users.fhirUser(context.getPrincipal().getName());
            if (AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())
                    && !users.exists(context.getPrincipal().getName())) {
                // a person removed from carerelay.security.users loses every app's access with them
                throw new OAuth2AuthenticationException(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_GRANT, "the user of this refresh token no longer exists", null));
            }
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                // a mutable list: the JDBC store reads claims back with Jackson, which allows only known collection
                // types
                context.getClaims()
                        .audience(new ArrayList<>(List.of(endpoints.fhirBase())))
                        .claims(claims -> {
                            claims.put("scope", String.join(" ", context.getAuthorizedScopes()));
                            claims.put(
                                    "client_id", context.getRegisteredClient().getClientId());
                            if (fhirUser != null) {
                                claims.put("fhirUser", fhirUser);
                            }
                            if (patient != null) {
                                claims.put("patient", patient);
                            }
                        });
            } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
                    && fhirUser != null
                    && context.getAuthorizedScopes().contains("fhirUser")) {
                context.getClaims().claim("fhirUser", endpoints.fhirBase() + "/" + fhirUser);
            }
        };
    }

    /** Adds the launch context to the token response, read back from the access token just minted. */
    Consumer<OAuth2AccessTokenAuthenticationContext> response() {
        return context -> {
            Object patient;
            try {
                patient = JWTParser.parse(token(context).getAccessToken().getTokenValue())
                        .getJWTClaimsSet()
                        .getClaim("patient");
            } catch (ParseException e) {
                return; // not a JWT: nothing to add
            }
            if (patient != null) {
                Map<String, Object> parameters = new HashMap<>(token(context).getAdditionalParameters());
                parameters.put("patient", patient.toString());
                parameters.put("need_patient_banner", true);
                context.getAccessTokenResponse().additionalParameters(parameters);
            }
        };
    }

    private static OAuth2AccessTokenAuthenticationToken token(OAuth2AccessTokenAuthenticationContext context) {
        return (OAuth2AccessTokenAuthenticationToken) context.getAuthentication();
    }

    /** Refresh tokens for confidential clients granted offline_access, rotated on every use. */
    static OAuth2TokenGenerator<OAuth2RefreshToken> refreshTokens() {
        SecureRandom random = new SecureRandom();
        return context -> {
            if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType()) || !refreshable(context)) {
                return null;
            }
            byte[] bytes = new byte[48];
            random.nextBytes(bytes);
            Instant issued = Instant.now();
            return new OAuth2RefreshToken(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                    issued,
                    issued.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive()));
        };
    }

    private static boolean refreshable(OAuth2TokenContext context) {
        boolean asked = context.getAuthorizedScopes().contains(ScopePolicy.OFFLINE);
        boolean confidential = context.getAuthorizationGrant() != null
                && context.getAuthorizationGrant().getPrincipal() instanceof OAuth2ClientAuthenticationToken client
                && !ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod());
        return asked && confidential;
    }
}
