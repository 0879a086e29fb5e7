package org.carerelay.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The token must be meant for this server: its {@code aud} names the configured audience (by default the configured
 * server address, this server's FHIR base URL, as SMART apps request it). Never derived from the request, whose Host
 * header the caller chooses.
 */
final class AudienceValidator implements OAuth2TokenValidator<Jwt> {

    private final String expected;

    AudienceValidator(String expected) {
        this.expected = Endpoints.withoutTrailingSlash(expected);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        boolean meant = token.getAudience() != null
                && token.getAudience().stream()
                        .map(Endpoints::withoutTrailingSlash)
                        .anyMatch(expected::equals);
        return meant
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_TOKEN, "The token's aud claim does not name this server", null));
    }
}
