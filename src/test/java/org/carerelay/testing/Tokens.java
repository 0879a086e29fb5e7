package org.carerelay.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A token issuer for tests: RSA and EC key pairs generated for the run (nothing is committed), their public JWK Set in
 * a file under target/, and signed JWTs built claim by claim.
 */
public final class Tokens {

    public static final String ISSUER = "https://issuer.carerelay.test";
    /** The FHIR base URL the test servers are configured to expect in {@code aud} (their port is random). */
    public static final String AUDIENCE = "https://carerelay.test/fhir";

    private volatile RSAKey rsa;
    private final ECKey ec;
    private final Path jwksFile;

    public Tokens() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
            ec = new ECKeyGenerator(Curve.P_256)
                    .keyID("ec-" + UUID.randomUUID())
                    .generate();
            jwksFile = Path.of("target", "it-keys", UUID.randomUUID().toString(), "jwks.json")
                    .toAbsolutePath();
            Files.createDirectories(jwksFile.getParent());
            Files.writeString(
                    jwksFile, new JWKSet(List.of(rsa, ec)).toPublicJWKSet().toString());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path jwksFile() {
        return jwksFile;
    }

    /** A new RSA key joins the JWK Set file, as an issuer's rotation would; tokens are signed with it from now on. */
    public synchronized void rotate() {
        try {
            RSAKey previous = rsa;
            rsa = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
            Files.writeString(
                    jwksFile,
                    new JWKSet(List.of(previous, rsa, ec)).toPublicJWKSet().toString());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The public JWK Set, as an issuer serves it at its jwks_uri. */
    public String publicJwks() {
        return new JWKSet(List.of(rsa, ec)).toPublicJWKSet().toString();
    }

    /** A token for {@code audience} that is valid for five minutes from now, to be refined claim by claim. */
    public Builder forAudience(String audience) {
        Instant now = Instant.now();
        return new Builder(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .subject("test-user")
                .claim("client_id", "test-client")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString()));
    }

    public final class Builder {
        private final JWTClaimsSet.Builder claims;

        private Builder(JWTClaimsSet.Builder claims) {
            this.claims = claims;
        }

        public Builder claim(String name, Object value) {
            claims.claim(name, value);
            return this;
        }

        public Builder scope(String scope) {
            return claim("scope", scope);
        }

        public Builder patient(String id) {
            return claim("patient", id);
        }

        public Builder expiresAt(Instant instant) {
            claims.expirationTime(instant == null ? null : Date.from(instant));
            return this;
        }

        public Builder notBefore(Instant instant) {
            claims.notBeforeTime(Date.from(instant));
            return this;
        }

        public Builder issuer(String issuer) {
            claims.issuer(issuer);
            return this;
        }

        public String rsa() {
            try {
                return SignedJwts.sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa.getKeyID(), claims.build());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        public String ec() {
            try {
                return SignedJwts.sign(new ECDSASigner(ec), JWSAlgorithm.ES256, ec.getKeyID(), claims.build());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Signed with a key the server has never seen, under the kid of a key it knows. */
        public String forged() {
            return SignedJwts.forged(JWSAlgorithm.RS256, rsa.getKeyID(), claims.build());
        }
    }
}
