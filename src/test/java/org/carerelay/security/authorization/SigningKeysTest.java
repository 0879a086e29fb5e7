package org.carerelay.security.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @Test
    void aKeyFileSignsWithItsPrivateKey(@TempDir Path folder) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("configured").generate();
        Path file = folder.resolve("signing-jwks.json");
        Files.writeString(file, new JWKSet(key).toString(false));

        SigningKeys keys = SigningKeys.fromFile(file);

        assertThat(keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null))
                .singleElement()
                .satisfies(jwk -> {
                    assertThat(jwk.getKeyID()).isEqualTo("configured");
                    assertThat(jwk.isPrivate()).isTrue();
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
}
