package org.carerelay.security.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class SigningKeysTest {

    private static final JWKSelector ANY = new JWKSelector(new JWKMatcher.Builder().build());

    @Test
    void aKeyFileSignsWithItsPrivateKeyAndPublishesThePublicHalf(@TempDir Path folder) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("configured").generate();
        Path file = folder.resolve("signing-jwks.json");
        Files.writeString(file, new JWKSet(key).toString(false));

        SigningKeys keys = SigningKeys.fromFile(file);

        assertThat(keys.signer().get(ANY, null)).singleElement().satisfies(jwk -> {
            assertThat(jwk.getKeyID()).isEqualTo("configured");
            assertThat(jwk.isPrivate()).isTrue();
        });
        assertThat(keys.get(ANY, null)).singleElement().satisfies(jwk -> {
            assertThat(jwk.getKeyID()).isEqualTo("configured");
            assertThat(jwk.isPrivate()).isFalse();
        });
    }

    @Test
    void aKeyFileWithoutAPrivateKeyIsRefused(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("public-jwks.json");
        Files.writeString(
                file,
                new JWKSet(new RSAKeyGenerator(2048).generate())
                        .toPublicJWKSet()
                        .toString());

        assertThatThrownBy(() -> SigningKeys.fromFile(file))
                .hasMessage("carerelay.security.signing-key-file " + file + " holds no private key");
        assertThatThrownBy(() -> SigningKeys.fromFile(folder.resolve("missing.json")))
                .hasMessageEndingWith("is not a readable JWK Set");
    }

    @Test
    void serversOnOneDatabaseShareTheKeyAndTrustKeysStoredLater(@TempDir Path folder) throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:file:" + folder.resolve("keys") + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(database);
        jdbc.execute("create table carerelay_signing_key (kid varchar(100) not null, jwk varchar(10000) not null,"
                + " created_at timestamp with time zone not null, primary key (kid))");

        SigningKeys first = SigningKeys.fromDatabase(jdbc);
        SigningKeys second = SigningKeys.fromDatabase(jdbc);
        String kid = first.signer().get(ANY, null).get(0).getKeyID();
        assertThat(second.signer().get(ANY, null).get(0).getKeyID()).isEqualTo(kid);

        RSAKey racer = new RSAKeyGenerator(2048).keyID("racer").generate();
        jdbc.update(
                "insert into carerelay_signing_key (kid, jwk, created_at) values (?, ?, ?)",
                "racer",
                racer.toJSONString(),
                Timestamp.from(Instant.now()));
        List<JWK> found = first.get(
                new JWKSelector(new JWKMatcher.Builder().keyID("racer").build()), null);

        assertThat(found)
                .singleElement()
                .satisfies(jwk -> assertThat(jwk.isPrivate()).isFalse());
        assertThat(first.get(ANY, null)).extracting(JWK::getKeyID).containsExactly(kid, "racer");
    }
}
