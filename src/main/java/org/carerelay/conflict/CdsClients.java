package org.carerelay.conflict;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a CDS client's JWT as CDS Hooks requires: a bearer JWT whose {@code iss} is an allow-listed client
 * ({@code carerelay.conflicts.cds-clients}), signed by one of that client's keys, for {@code aud} the service's URL,
 * with an {@code exp} at most five minutes ahead (a minute of clock skew allowed) and a {@code jti}.
 */
final class CdsClients {

    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    static final Duration SKEW = Duration.ofMinutes(1);

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private final Map<String, JWKSource<SecurityContext>> keys = new HashMap<>();

    CdsClients(ConflictProperties properties) {
        for (ConflictProperties.CdsClient client : properties.clients()) {
            if (client.issuer() == null || client.issuer().isBlank()) {
                throw new IllegalArgumentException("carerelay.conflicts.cds-clients: every client needs an issuer");
            }
            keys.put(client.issuer(), source(client));
        }
    }

    private static JWKSource<SecurityContext> source(ConflictProperties.CdsClient client) {
        try {
            if (client.jwksFile() != null && !client.jwksFile().isBlank()) {
                return new ImmutableJWKSet<>(JWKSet.load(new File(client.jwksFile())));
            }
            if (client.jwksUri() != null && !client.jwksUri().isBlank()) {
                return JWKSourceBuilder.create(URI.create(client.jwksUri()).toURL())
                        .build();
            }
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "carerelay.conflicts.cds-clients: the keys of " + client.issuer() + " cannot be read: "
                            + e.getMessage(),
                    e);
        }
        throw new IllegalArgumentException(
                "carerelay.conflicts.cds-clients: " + client.issuer() + " needs jwks-file or jwks-uri");
    }

    /** Null when the JWT is acceptable for the service at {@code serviceUrl}; otherwise why not. */
    String refusal(String authorization, String serviceUrl) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "A CDS client must send its JWT as a bearer token";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7).trim());
            String issuer = jwt.getJWTClaimsSet().getIssuer();
            JWKSource<SecurityContext> source = keys.get(issuer);
            if (source == null) {
                return "The JWT's issuer is not an allowed CDS client";
            }
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source));
            DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                    serviceUrl, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "jti"));
            verifier.setMaxClockSkew((int) SKEW.toSeconds());
            processor.setJWTClaimsSetVerifier(verifier);
            JWTClaimsSet claims = processor.process(jwt, null);
            if (claims.getExpirationTime()
                    .toInstant()
                    .isAfter(Instant.now().plus(MAX_LIFETIME).plus(SKEW))) {
                return "The JWT's exp is more than five minutes ahead";
            }
            return null;
        } catch (Exception e) {
            return "The JWT is not valid for this service: " + e.getMessage();
        }
    }
}
