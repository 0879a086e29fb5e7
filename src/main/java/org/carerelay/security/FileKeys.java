package org.carerelay.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

/**
 * A JWK Set kept in a local file. The keys are read once and read again when a token names a key they do not hold, so
 * an operator rotates keys by replacing the file, without a restart.
 */
public final class FileKeys implements JWKSource<SecurityContext> {

    private final Path file;
    private volatile JWKSet keys;

    public FileKeys(Path file) {
        this.file = file;
        this.keys = read();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        List<JWK> found = selector.select(keys);
        if (found.isEmpty()) {
            try {
                keys = read();
            } catch (IllegalStateException e) {
                throw new KeySourceException(e.getMessage(), e);
            }
            found = selector.select(keys);
        }
        return found;
    }

    private JWKSet read() {
        try {
            return JWKSet.parse(Files.readString(file)).toPublicJWKSet();
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("the JWK Set file " + file + " is not readable as a JWK Set", e);
        }
    }
}
