package org.carerelay.security.authorization;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The keys of the built-in authorization server: one signs (Nimbus refuses to choose between several); every stored
 * key verifies and is published. The signing key comes from a configured JWK Set file, or is generated on first start
 * and kept in the database, so that tokens stay valid across a restart. Two servers starting together on an empty
 * database may each store one; each then signs with its own and trusts both, reading the table again when a token
 * names a key it has not seen.
 */
final class SigningKeys implements JWKSource<SecurityContext> {

    /** A token naming an unknown key reads the table again at most this often (forged kids cost no query each). */
    private static final long RELOAD_MILLIS = 10_000;

    private final JWK signing;
    private final Supplier<List<JWK>> stored;
    private volatile JWKSet verifying;
    private volatile long reloadedAt;

    private SigningKeys(JWK signing, Supplier<List<JWK>> stored) {
        this.signing = signing;
        this.stored = stored;
        this.verifying = verifying();
    }

    static SigningKeys fromFile(Path file) {
        try {
            JWK key = JWKSet.parse(Files.readString(file)).getKeys().stream()
                    .filter(JWK::isPrivate)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "carerelay.security.signing-key-file " + file + " holds no private key"));
            return new SigningKeys(key, List::of);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(
                    "carerelay.security.signing-key-file " + file + " is not a readable JWK Set", e);
        }
    }

    /** The oldest key in the database, generated first when there is none. */
    static SigningKeys fromDatabase(JdbcTemplate jdbc) {
        List<JWK> keys = stored(jdbc);
        if (keys.isEmpty()) {
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
            keys = stored(jdbc);
        }
        return new SigningKeys(keys.get(0), () -> stored(jdbc));
    }

    private static List<JWK> stored(JdbcTemplate jdbc) {
        List<JWK> keys = new ArrayList<>();
        for (String json :
                jdbc.queryForList("select jwk from carerelay_signing_key order by created_at, kid", String.class)) {
            try {
                keys.add(JWK.parse(json));
            } catch (ParseException e) {
                throw new IllegalStateException("a signing key stored in carerelay_signing_key is not a JWK", e);
            }
        }
        return keys;
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

    /** The one key tokens are signed with. */
    JWKSource<SecurityContext> signer() {
        JWKSet one = new JWKSet(signing);
        return (selector, context) -> selector.select(one);
    }

    /** The keys that verify tokens, public halves only, as published at the JWK Set endpoint. */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        List<JWK> found = selector.select(verifying);
        long now = System.currentTimeMillis();
        if (found.isEmpty() && now - reloadedAt > RELOAD_MILLIS) {
            reloadedAt = now;
            verifying = verifying();
            found = selector.select(verifying);
        }
        return found;
    }

    private JWKSet verifying() {
        List<JWK> keys = new ArrayList<>();
        keys.add(signing.toPublicJWK());
        stored.get().stream()
                .map(JWK::toPublicJWK)
                .filter(key -> !key.getKeyID().equals(signing.getKeyID()))
                .forEach(keys::add);
        return new JWKSet(keys);
    }
}
