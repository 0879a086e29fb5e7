package org.carerelay.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.MalformedURLException;
import java.net.URI;

/** An issuer's JWK Set over HTTPS, cached, and fetched again when a token names a key the cache does not hold. */
public final class RemoteKeys {

    private RemoteKeys() {}

    public static JWKSource<SecurityContext> of(String jwksUri) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUri).toURL())
                    .cache(true)
                    .rateLimited(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("a jwks-uri is not a URL: " + jwksUri, e);
        }
    }
}
