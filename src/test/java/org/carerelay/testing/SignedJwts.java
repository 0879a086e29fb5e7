package org.carerelay.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signing for the tests' token and assertion builders. */
final class SignedJwts {

    private SignedJwts() {}

    static String sign(JWSSigner signer, JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims) {
        return sign(signer, new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
    }

    static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Signed with an RSA key the server has never seen, under the kid of a key it knows. */
    static String forged(JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims) {
        try {
            return sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()), algorithm, keyId, claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
