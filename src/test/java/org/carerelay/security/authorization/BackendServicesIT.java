package org.carerelay.security.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.testing.Browser.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.carerelay.testing.AbstractAuthorizationServerIT;
import org.carerelay.testing.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * SMART Backend Services against the built-in authorization server: a {@code client_credentials} grant authenticated
 * by a signed assertion, and each way an assertion or a scope is refused; then introspection and revocation of the
 * token it got.
 */
class BackendServicesIT extends AbstractAuthorizationServerIT {

    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @Test
    void aSignedAssertionGetsASystemTokenThatReadsTheServer() throws Exception {
        RawHttp.Response response = tokenRequest(
                "system/Patient.rs",
                CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).rs384());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("scope").asText()).isEqualTo("system/Patient.rs");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isBetween(3590L, 3600L);
        assertThat(body.has("refresh_token")).isFalse();
        JWTClaimsSet claims = JWTParser.parse(body.get("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ORIGIN);
        assertThat(claims.getAudience()).containsExactly(FHIR);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(BACKEND);
        assertThat(claims.getStringClaim("scope")).isEqualTo("system/Patient.rs");
        assertThat(claims.getClaim("fhirUser")).isNull();

        String token = body.get("access_token").asText();
        assertThat(bearerGet("/Patient?_count=1", token).status()).isEqualTo(200);
        assertThat(bearerGet("/Observation?_count=1", token).status()).isEqualTo(403);
    }

    @Test
    void anEs384AssertionWithClientIdIsAcceptedToo() {
        RawHttp.Response response = oauthPost(
                "/oauth2/token",
                form(
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "system/*.rs",
                        "client_id",
                        BACKEND,
                        "client_assertion_type",
                        ASSERTION_TYPE,
                        "client_assertion",
                        CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).es384()),
                null,
                null);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("scope").asText()).isEqualTo("system/*.rs");
    }

    @Test
    void aReplayedAssertionIsRefused() {
        String assertion = CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).rs384();
        assertThat(tokenRequest("system/*.rs", assertion).status()).isEqualTo(200);

        assertRefused(tokenRequest("system/*.rs", assertion), 401, "invalid_client");
    }

    @Test
    void expiredAndTooLongLivedAssertionsAreRefused() {
        assertRefused(
                tokenRequest(
                        "system/*.rs",
                        CLIENT_KEYS
                                .assertion(BACKEND, TOKEN_ENDPOINT)
                                .expiresAt(Instant.now().minus(Duration.ofMinutes(2)))
                                .rs384()),
                401,
                "invalid_client");
        assertRefused(
                tokenRequest(
                        "system/*.rs",
                        CLIENT_KEYS
                                .assertion(BACKEND, TOKEN_ENDPOINT)
                                .expiresAt(Instant.now().plus(Duration.ofMinutes(10)))
                                .rs384()),
                401,
                "invalid_client");
    }

    @Test
    void anAssertionSignedWithAnotherKeyOrForAnotherAudienceIsRefused() {
        assertRefused(
                tokenRequest(
                        "system/*.rs",
                        CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).forged()),
                401,
                "invalid_client");
        assertRefused(
                tokenRequest("system/*.rs", CLIENT_KEYS.assertion(BACKEND, FHIR).rs384()), 401, "invalid_client");
        assertRefused(
                tokenRequest(
                        "system/*.rs",
                        CLIENT_KEYS.assertion("nobody", TOKEN_ENDPOINT).rs384()),
                401,
                "invalid_client");
        assertRefused(tokenRequest("system/*.rs", "not-a-jwt"), 401, "invalid_client");
        // an encrypted JWT (five parts) has no claims to read before decryption
        assertRefused(
                tokenRequest("system/*.rs", "eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0.a.b.c.d"),
                401,
                "invalid_client");
    }

    @Test
    void onlySystemScopesTheClientIsAllowedAreGranted() {
        assertRefused(
                tokenRequest(
                        "patient/*.rs",
                        CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).rs384()),
                400,
                "invalid_scope");
        assertRefused(
                tokenRequest(
                        "system/Observation.cruds",
                        CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).rs384()),
                400,
                "invalid_scope");
        assertRefused(
                tokenRequest("", CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).rs384()), 400, "invalid_scope");
    }

    @Test
    void anInteractiveAppMayNotUseClientCredentials() {
        RawHttp.Response response = oauthPost(
                "/oauth2/token",
                form("grant_type", "client_credentials", "scope", "system/*.rs"),
                CONFIDENTIAL_APP,
                SECRET);

        assertRefused(response, 400, "unauthorized_client");
        assertRefused(
                oauthPost(
                        "/oauth2/token",
                        form("grant_type", "client_credentials", "scope", "system/*.rs"),
                        CONFIDENTIAL_APP,
                        "wrong"),
                401,
                "invalid_client");
    }

    @Test
    void aRevokedTokenIsRefusedByTheFhirEndpointAndIntrospectsInactive() {
        String token = json(tokenRequest(
                        "system/Patient.rs",
                        CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).rs384()))
                .get("access_token")
                .asText();
        assertThat(bearerGet("/Patient?_count=1", token).status()).isEqualTo(200);

        RawHttp.Response introspected = oauthPost("/oauth2/introspect", assertionForm("token", token), null, null);
        assertThat(introspected.status()).as(introspected.body()).isEqualTo(200);
        JsonNode active = json(introspected);
        assertThat(active.get("active").asBoolean()).isTrue();
        assertThat(active.get("client_id").asText()).isEqualTo(BACKEND);
        assertThat(active.get("scope").asText()).isEqualTo("system/Patient.rs");

        RawHttp.Response revoked = oauthPost("/oauth2/revoke", assertionForm("token", token), null, null);
        assertThat(revoked.status()).isEqualTo(200);

        RawHttp.Response refused = bearerGet("/Patient?_count=1", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains("revoked");
        JsonNode inactive = json(oauthPost("/oauth2/introspect", assertionForm("token", token), null, null));
        assertThat(inactive.get("active").asBoolean()).isFalse();
    }

    private static Map<String, List<String>> assertionForm(String name, String value) {
        return form(
                name,
                value,
                "client_assertion_type",
                ASSERTION_TYPE,
                "client_assertion",
                CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).rs384());
    }

    private static RawHttp.Response tokenRequest(String scope, String assertion) {
        return oauthPost(
                "/oauth2/token",
                form(
                        "grant_type", "client_credentials",
                        "scope", scope,
                        "client_assertion_type", ASSERTION_TYPE,
                        "client_assertion", assertion),
                null,
                null);
    }

    private static void assertRefused(RawHttp.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("error").asText()).isEqualTo(error);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
    }
}
