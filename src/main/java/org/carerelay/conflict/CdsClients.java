package org.carerelay.conflict;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a CDS client's JWT as CDS Hooks 2.0 requires: a bearer JWT whose {@code iss} is an allow-listed client
 * ({@code carerelay.conflicts.cds-clients}), with a {@code kid}, signed by one of that client's keys (asymmetric
 * algorithms only), for {@code aud} the endpoint called, with an {@code iat}, an {@code exp} at most five minutes
 * ahead (a minute of clock skew allowed) and a {@code jti} not used before. A {@code jku} header must name one of the client's own key
 * URLs (its {@code jwks-uri} or one of its {@code allowed-jku}); keys are only ever read from what is configured, never
 * from a URL a token names.
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

    /** Why a JWT is refused, and the HTTP status that says so. */
    record Refusal(int status, String message) {
        static Refusal unauthorized(String message) {
            return new Refusal(401, message);
        }
    }

    private record Client(JWKSource<SecurityContext> keys, Set<String> keyUrls) {}

    private final Map<String, Client> clients = new HashMap<>();
    private final SeenTokens seen;

    CdsClients(ConflictProperties properties, SeenTokens seen) {
        this.seen = seen;
        for (ConflictProperties.CdsClient client : properties.clients()) {
            if (client.issuer() == null || client.issuer().isBlank()) {
                throw new IllegalArgumentException("carerelay.conflicts.cds-clients: every client needs an issuer");
            }
            Set<String> keyUrls = new LinkedHashSet<>();
            if (client.jwksUri() != null && !client.jwksUri().isBlank()) {
                keyUrls.add(client.jwksUri().trim());
            }
            client.allowedJkus().forEach(url -> keyUrls.add(url.trim()));
            clients.put(client.issuer(), new Client(source(client), Set.copyOf(keyUrls)));
        }
    }

    private static JWKSource<SecurityContext> source(ConflictProperties.CdsClient client) {
        try {
            if (client.jwksFile() != null && !client.jwksFile().isBlank()) {
                return new ImmutableJWKSet<>(JWKSet.load(new File(client.jwksFile())));
            }
            if (client.jwksUri() != null && !client.jwksUri().isBlank()) {
                return JWKSourceBuilder.create(
                                URI.create(client.jwksUri().trim()).toURL())
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

    /**
     * Null when the JWT is acceptable for an endpoint whose URL is one of {@code audiences}, and then its {@code jti}
     * is spent; otherwise why not.
     */
    Refusal refusal(String authorization, Set<String> audiences) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Refusal.unauthorized("A CDS client must send its JWT as a bearer token");
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7).trim());
            String issuer = jwt.getJWTClaimsSet().getIssuer();
            Client client = clients.get(issuer);
            if (client == null) {
                return Refusal.unauthorized("The JWT's issuer is not an allowed CDS client");
            }
            JWSHeader header = jwt.getHeader();
            if (header.getKeyID() == null || header.getKeyID().isBlank()) {
                return Refusal.unauthorized("The JWT's header has no kid: CDS Hooks requires the key's id");
            }
            if (header.getJWKURL() != null
                    && !client.keyUrls().contains(header.getJWKURL().toString())) {
                return Refusal.unauthorized("The JWT's jku " + header.getJWKURL()
                        + " is not a key URL of its issuer (its jwks-uri or allowed-jku)");
            }
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, client.keys()));
            // Nimbus asks its sets for null, which Set.of refuses to be asked
            DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                    new HashSet<>(audiences),
                    new JWTClaimsSet.Builder().issuer(issuer).build(),
                    new HashSet<>(Set.of("exp", "iat", "jti")),
                    new HashSet<>());
            verifier.setMaxClockSkew((int) SKEW.toSeconds());
            processor.setJWTClaimsSetVerifier(verifier);
            claims = processor.process(jwt, null);
        } catch (Exception e) {
            return Refusal.unauthorized("The JWT is not valid for this service: " + e.getMessage());
        }
        Instant expiry = claims.getExpirationTime().toInstant();
        if (expiry.isAfter(Instant.now().plus(MAX_LIFETIME).plus(SKEW))) {
            return Refusal.unauthorized("The JWT's exp is more than five minutes ahead");
        }
        return switch (seen.first(claims.getIssuer(), claims.getJWTID(), expiry)) {
            case FIRST -> null;
            case REPLAYED -> Refusal.unauthorized("The JWT's jti was used before: a CDS client's JWT is accepted once");
            case FULL -> new Refusal(503, "Too many CDS client JWTs are unexpired at once; try again shortly");
        };
    }
}
