package org.carerelay.security.authorization;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The key the built-in authorization server signs with: from a configured JWK Set file, or generated on first start
 * and kept in the database, so that tokens stay valid across a restart and every server on one database signs and
 * verifies alike. One private key signs (Nimbus refuses to choose between several).
 */
final class SigningKeys implements JWKSource<SecurityContext> {

    private final JWKSet keys;

    private SigningKeys(JWK key) {
        this.keys = new JWKSet(key);
    }

    static SigningKeys fromFile(Path file) {
        try {
            List<JWK> keys = JWKSet.parse(Files.readString(file)).getKeys();
            JWK key = keys.stream()
                    .filter(JWK::isPrivate)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "carerelay.security.signing-key-file " + file + " holds no private key"));
            return new SigningKeys(key);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(
                    "carerelay.security.signing-key-file " + file + " is not a readable JWK Set", e);
        }
    }

    /** The oldest key in the database, generated first when there is none (two servers racing keep the oldest). */
    static SigningKeys fromDatabase(JdbcTemplate jdbc) {
        List<String> stored = oldest(jdbc);
        if (stored.isEmpty()) {
            RSAKey key = generate();
            try {
                jdbc.update(
                        "insert into carerelay_signing_key (kid, jwk, created_at) values (?, ?, ?)",
                        key.getKeyID(),
                        key.toJSONString(),
                        Timestamp.from(Instant.now()));
            } catch (DuplicateKeyException raced) {
                // another server inserted the same random id: impossible in practice, and harmless
            }
            stored = oldest(jdbc);
        }
        try {
            return new SigningKeys(JWK.parse(stored.get(0)));
        } catch (ParseException e) {
            throw new IllegalStateException("the signing key stored in carerelay_signing_key is not a JWK", e);
        }
    }

    private static List<String> oldest(JdbcTemplate jdbc) {
        return jdbc.queryForList(
                "select jwk from carerelay_signing_key order by created_at, kid fetch first 1 rows only", String.class);
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate the signing key", e);
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(keys);
    }

    /** The public half, as published at the JWK Set endpoint. */
    JWKSet publicKeys() {
        return keys.toPublicJWKSet();
    }
}
