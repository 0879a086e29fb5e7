package org.carerelay.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
 * A backend service's key pairs for SMART Backend Services (RS384 and ES384), generated for the run, with the public
 * JWK Set in a file under target/ for the server's client registration, and client assertions built claim by claim.
 */
public final class ClientKeys {

    private final RSAKey rsa;
    private final ECKey ec;
    private final Path jwksFile;

    public ClientKeys() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
            ec = new ECKeyGenerator(Curve.P_384)
                    .keyID("ec-" + UUID.randomUUID())
                    .generate();
            jwksFile = Path.of("target", "it-keys", UUID.randomUUID().toString(), "client-jwks.json")
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

    /** The {@code kid} of the EC key. */
    public String ecKeyId() {
        return ec.getKeyID();
    }

    public Path jwksFile() {
        return jwksFile;
    }

    /** An assertion of {@code clientId} for {@code tokenEndpoint}, valid four minutes, with a fresh {@code jti}. */
    public Assertion assertion(String clientId, String tokenEndpoint) {
        Instant now = Instant.now();
        return new Assertion(new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenEndpoint)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(4))))
                .jwtID(UUID.randomUUID().toString()));
    }

    public final class Assertion {
        private final JWTClaimsSet.Builder claims;
        private String jku;
        private String kid;
        private boolean kidSet;

        private Assertion(JWTClaimsSet.Builder claims) {
            this.claims = claims;
        }

        public Assertion expiresAt(Instant instant) {
            claims.expirationTime(Date.from(instant));
            return this;
        }

        public Assertion audience(String audience) {
            claims.audience(audience);
            return this;
        }

        /** A {@code jku} header naming where the keys are published. */
        public Assertion jku(String url) {
            this.jku = url;
            return this;
        }

        /** The {@code kid} header instead of the signing key's own id; null leaves the header out. */
        public Assertion kid(String keyId) {
            this.kid = keyId;
            this.kidSet = true;
            return this;
        }

        /** Without the {@code iat} claim. */
        public Assertion withoutIssueTime() {
            claims.issueTime(null);
            return this;
        }

        /** The same {@code jti} as another assertion's. */
        public Assertion jti(String jti) {
            claims.jwtID(jti);
            return this;
        }

        private JWSHeader header(JWSAlgorithm algorithm, String ownKeyId) {
            JWSHeader.Builder header = new JWSHeader.Builder(algorithm).keyID(kidSet ? kid : ownKeyId);
            if (jku != null) {
                header.jwkURL(java.net.URI.create(jku));
            }
            return header.build();
        }

        public String rs384() {
            try {
                return SignedJwts.sign(
                        new RSASSASigner(rsa), header(JWSAlgorithm.RS384, rsa.getKeyID()), claims.build());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        public String es384() {
            try {
                return SignedJwts.sign(new ECDSASigner(ec), header(JWSAlgorithm.ES384, ec.getKeyID()), claims.build());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Signed with a key the server has never seen, under the kid of one it knows. */
        public String forged() {
            return SignedJwts.forged(JWSAlgorithm.RS384, rsa.getKeyID(), claims.build());
        }
    }
}
