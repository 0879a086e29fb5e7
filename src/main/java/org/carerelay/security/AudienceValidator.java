package org.carerelay.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The token must be meant for this server: its {@code aud} names the configured audience or, by default, this server's
 * FHIR base URL (the configured server address, or else the base the request came in on), as SMART apps request it.
 */
final class AudienceValidator implements OAuth2TokenValidator<Jwt> {

    private final String expected;

    AudienceValidator(String expected) {
        this.expected = expected == null || expected.isBlank() ? null : trim(expected);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        String audience = expected != null ? expected : requestBase();
        boolean meant = token.getAudience() != null
                && token.getAudience().stream().map(AudienceValidator::trim).anyMatch(a -> a.equals(audience));
        return meant
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_TOKEN, "The token's aud claim does not name " + audience, null));
    }

    private static String requestBase() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return ServletUriComponentsBuilder.fromContextPath(request)
                    .path("/fhir")
                    .build()
                    .toUriString();
        }
        return "(no request)";
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
