package org.carerelay.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The built-in authorization server, as the FHIR endpoint needs it to check a token: its signing keys, read in
 * process rather than over HTTP, and whether a token was revoked.
 */
public interface BuiltInIssuer {

    JWKSource<SecurityContext> signingKeys();

    /** Whether the access token with this {@code jti} was revoked. */
    boolean revoked(String jti);
}
