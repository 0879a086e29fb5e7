package org.carerelay.security.authorization;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.carerelay.security.Endpoints;
import org.carerelay.security.FileKeys;
import org.carerelay.security.RemoteKeys;
import org.carerelay.security.SecurityProperties.Client;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Verifies a backend service's {@code client_assertion} (SMART Backend Services, RFC 7523): signed with RS384 or
 * ES384 by a key of the client's JWK Set; {@code iss} and {@code sub} the client; {@code aud} this token endpoint;
 * {@code exp} present and at most five minutes ahead; a {@code jti} never seen before. The {@code jti} is recorded
 * last, once everything else holds, so that a refused assertion does not burn it.
 */
final class ClientAssertions implements JwtDecoderFactory<RegisteredClient> {

    /** The assertion type, which Spring Authorization Server also uses as the authentication method's name. */
    private static final ClientAuthenticationMethod JWT_BEARER =
            new ClientAuthenticationMethod("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final Clients clients;
    private final String tokenEndpoint;
    private final UsedAssertions used;
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

    ClientAssertions(Clients clients, String tokenEndpoint, UsedAssertions used) {
        this.clients = clients;
        this.tokenEndpoint = tokenEndpoint;
        this.used = used;
    }

    /**
     * Reads a client assertion sent without {@code client_id}, as SMART Backend Services sends it (the client is the
     * assertion's {@code sub}); Spring Authorization Server's own converter insists on the parameter. The signature
     * and every claim are checked afterwards, by the decoder this factory makes.
     */
    static AuthenticationConverter withoutClientId() {
        return request -> {
            String type = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);
            String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
            if (!JWT_BEARER.getValue().equals(type)
                    || assertion == null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null
                    || request.getParameterValues(OAuth2ParameterNames.CLIENT_ASSERTION).length != 1) {
                return null; // Spring's converter decides
            }
            String subject;
            try {
                // a signed JWT only: an encrypted or unsecured one has no claims to read here
                subject = SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();
            } catch (ParseException e) {
                subject = null;
            }
            if (subject == null || subject.isBlank()) {
                throw new OAuth2AuthenticationException(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_CLIENT,
                        "client_assertion is not a JWT naming the client in sub",
                        null));
            }
            return new OAuth2ClientAuthenticationToken(subject, JWT_BEARER, assertion, Map.of());
        };
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        return decoders.computeIfAbsent(
                client.getClientId(), id -> decoder(clients.find(id).orElseThrow()));
    }

    private JwtDecoder decoder(Client client) {
        JWKSource<SecurityContext> keys =
                client.jwksFile() != null ? new FileKeys(client.jwksFile()) : RemoteKeys.of(client.jwksUri());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(jwt -> validate(jwt, client.clientId()));
        return decoder;
    }

    private OAuth2TokenValidatorResult validate(Jwt assertion, String clientId) {
        Instant now = Instant.now();
        if (!clientId.equals(assertion.getClaimAsString("iss")) || !clientId.equals(assertion.getSubject())) {
            return refused("iss and sub must both be the client_id");
        }
        if (assertion.getAudience() == null
                || assertion.getAudience().stream()
                        .map(Endpoints::withoutTrailingSlash)
                        .noneMatch(tokenEndpoint::equals)) {
            return refused("aud must be the token endpoint, " + tokenEndpoint);
        }
        Instant expires = assertion.getExpiresAt();
        if (expires == null || !expires.isAfter(now.minus(SKEW))) {
            return refused("the assertion has expired (or has no exp)");
        }
        if (expires.isAfter(now.plus(MAX_LIFETIME).plus(SKEW))) {
            return refused("exp may be at most 5 minutes ahead");
        }
        if (assertion.getNotBefore() != null && assertion.getNotBefore().isAfter(now.plus(SKEW))) {
            return refused("the assertion is not valid yet (nbf)");
        }
        String jti = assertion.getId();
        if (jti == null || jti.isBlank()) {
            return refused("jti is required");
        }
        if (!used.firstUse(clientId, jti, expires.plus(SKEW))) {
            return refused("this assertion's jti was used before");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult refused(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
    }
}
