package org.carerelay.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Checks a bearer JWT: signature against the issuer's JWK Set (from a URL or a file, re-read when a token names a key
 * it does not hold), then {@code exp} (required), {@code nbf}, {@code iss} and {@code aud}.
 */
final class TokenDecoder {

    /** Asymmetric signatures only: a shared secret would let anyone who can verify also sign. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private TokenDecoder() {}

    static JwtDecoder of(SecurityProperties security, String serverAddress) {
        boolean address = serverAddress != null && !serverAddress.isBlank();
        if (!security.hasAudience() && !address) {
            // taken from the request, the expected audience would be whatever Host header a caller sends
            throw new IllegalStateException("carerelay.security.enabled is true but neither carerelay.security.audience"
                    + " nor carerelay.server-address is set: name the FHIR base URL tokens must be issued for");
        }
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor(keys(security)));
        decoder.setJwtValidator(validator(security, serverAddress));
        return decoder;
    }

    /** The built-in authorization server's tokens: its keys in process, and a revoked token refused at once. */
    static JwtDecoder builtIn(Endpoints endpoints, BuiltInIssuer issuer) {
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor(issuer.signingKeys()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                JwtValidators.createDefaultWithIssuer(endpoints.issuer()),
                new AudienceValidator(endpoints.fhirBase()),
                token -> token.getId() != null && !issuer.revoked(token.getId())
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(
                                new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token was revoked", null)))));
        return decoder;
    }

    private static JWKSource<SecurityContext> keys(SecurityProperties security) {
        boolean uri = security.jwksUri() != null && !security.jwksUri().isBlank();
        if (uri == (security.jwksFile() != null)) {
            throw new IllegalStateException("carerelay.security: set exactly one of jwks-uri and jwks-file");
        }
        return uri ? RemoteKeys.of(security.jwksUri()) : new FileKeys(security.jwksFile());
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // claims are checked by the validators below, with messages a client can act on
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        return processor;
    }

    private static OAuth2TokenValidator<Jwt> validator(SecurityProperties security, String serverAddress) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                JwtValidators.createDefaultWithIssuer(security.issuer()),
                new AudienceValidator(security.hasAudience() ? security.audience() : serverAddress)));
    }
}
