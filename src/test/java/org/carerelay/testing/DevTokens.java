package org.carerelay.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A stand-in issuer for trying security on your own machine, until a real one is at hand: {@code keys DIR} writes a new
 * RSA key pair ({@code DIR/jwks.json}, public, for {@code carerelay.security.jwks-file}; {@code DIR/private-jwks.json},
 * to sign); {@code token DIR AUDIENCE SCOPES [PATIENT]} prints a token of issuer {@value #ISSUER}, valid one hour;
 * {@code assertion DIR CLIENT_ID TOKEN_URL} prints a backend service's client assertion (RS384, valid four minutes,
 * a fresh {@code jti}) for the built-in authorization server, signed with the same key.
 */
public final class DevTokens {

    public static final String ISSUER = "https://issuer.example.org";

    private DevTokens() {}

    public static void main(String[] args) throws IOException, JOSEException, ParseException {
        if (args.length == 2 && args[0].equals("keys")) {
            keys(Path.of(args[1]));
        } else if ((args.length == 4 || args.length == 5) && args[0].equals("token")) {
            System.out.println(token(Path.of(args[1]), args[2], args[3], args.length == 5 ? args[4] : null));
        } else if (args.length == 4 && args[0].equals("assertion")) {
            System.out.println(assertion(Path.of(args[1]), args[2], args[3]));
        } else {
            System.err.println("usage: DevTokens keys DIR | DevTokens token DIR AUDIENCE SCOPES [PATIENT]"
                    + " | DevTokens assertion DIR CLIENT_ID TOKEN_URL");
            System.exit(2);
        }
    }

    static void keys(Path folder) throws IOException, JOSEException {
        RSAKey key =
                new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        Files.createDirectories(folder);
        Files.writeString(
                folder.resolve("jwks.json"), new JWKSet(key).toPublicJWKSet().toString());
        Files.writeString(folder.resolve("private-jwks.json"), new JWKSet(key).toString(false));
    }

    static String assertion(Path folder, String clientId, String tokenUrl)
            throws IOException, ParseException, JOSEException {
        RSAKey key = (RSAKey) JWKSet.parse(Files.readString(folder.resolve("private-jwks.json")))
                .getKeys()
                .get(0);
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenUrl)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(4))))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String token(Path folder, String audience, String scopes, String patient)
            throws IOException, ParseException, JOSEException {
        RSAKey key = (RSAKey) JWKSet.parse(Files.readString(folder.resolve("private-jwks.json")))
                .getKeys()
                .get(0);
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .subject("dev-user")
                .claim("client_id", "dev-client")
                .claim("scope", scopes)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
        if (patient != null) {
            claims.claim("patient", patient);
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
