package org.carerelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carerelay.CareRelayApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests of the built-in SMART authorization server: a third server (one Spring context shared
 * by all such tests) with security on and no external issuer, on a port reserved before it starts, because its own
 * address is the issuer of every token. Apps, users and the backend service's keys are made for the run.
 */
@SpringBootTest(classes = CareRelayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class AbstractAuthorizationServerIT {

    protected static final int PORT = ReservedPort.reserve();
    protected static final String ORIGIN = "http://localhost:" + PORT;
    protected static final String FHIR = ORIGIN + "/fhir";
    protected static final String TOKEN_ENDPOINT = ORIGIN + "/oauth2/token";
    protected static final String CALLBACK = "https://app.carerelay.test/callback";
    protected static final String LAUNCH_URI = "https://app.carerelay.test/launch";
    /** Where a browser test serves its SMART app (a page of its own, on another origin than the server). */
    protected static final int APP_PORT = ReservedPort.reserve();

    protected static final String APP_ORIGIN = "http://localhost:" + APP_PORT;
    protected static final String BROWSER_APP = "browser-app";

    /** A public SMART app: PKCE, no secret. */
    protected static final String PUBLIC_APP = "public-app";
    /** A confidential SMART app with a client secret. */
    protected static final String CONFIDENTIAL_APP = "confidential-app";
    /** A backend service authenticating with a signed assertion. */
    protected static final String BACKEND = "nightly-sync";

    protected static final String SECRET = UUID.randomUUID().toString();
    protected static final String PRACTITIONER = "carol";
    protected static final String PRACTITIONER_PASSWORD = UUID.randomUUID().toString();
    protected static final String PRACTITIONER_FHIR_USER = "Practitioner/carol-1";
    protected static final String OTHER_USER = "dan";
    protected static final String OTHER_PASSWORD = UUID.randomUUID().toString();
    /** A user who is a patient: signs in as their own record. */
    protected static final String PATIENT_USER = "pat";

    protected static final String PATIENT_PASSWORD = UUID.randomUUID().toString();
    /** A care coordinator who signs in to the worklist page: a Practitioner of the run's own id. */
    protected static final String COORDINATOR = "cora";

    protected static final String COORDINATOR_PASSWORD = UUID.randomUUID().toString();
    protected static final String COORDINATOR_ID =
            "coordinator-" + UUID.randomUUID().toString().substring(0, 8);
    /** A backend service that writes the records a test needs (with the same keys as {@link #BACKEND}). */
    protected static final String SEEDER = "test-seeder";

    protected static final String PATIENT_SELF = "pat-self";
    protected static final ClientKeys CLIENT_KEYS = new ClientKeys();
    protected static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void builtInAuthorizationServer(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        registry.add("server.port", () -> Integer.toString(PORT));
        registry.add("carerelay.server-address", () -> FHIR);
        registry.add("carerelay.security.enabled", () -> "true");
        registry.add("carerelay.security.clients[0].client-id", () -> PUBLIC_APP);
        registry.add("carerelay.security.clients[0].name", () -> "Public test app");
        registry.add("carerelay.security.clients[0].redirect-uris", () -> CALLBACK);
        registry.add("carerelay.security.clients[0].launch-uri", () -> LAUNCH_URI);
        registry.add(
                "carerelay.security.clients[0].scopes",
                () -> "openid fhirUser launch launch/patient patient/*.rs offline_access");
        registry.add("carerelay.security.clients[1].client-id", () -> CONFIDENTIAL_APP);
        registry.add("carerelay.security.clients[1].redirect-uris", () -> CALLBACK);
        registry.add("carerelay.security.clients[1].secret", () -> SECRET);
        registry.add(
                "carerelay.security.clients[1].scopes",
                () -> "openid fhirUser launch/patient patient/*.cruds user/*.rs offline_access online_access");
        registry.add("carerelay.security.clients[2].client-id", () -> BACKEND);
        registry.add(
                "carerelay.security.clients[2].jwks-file",
                () -> CLIENT_KEYS.jwksFile().toString());
        registry.add("carerelay.security.clients[2].scopes", () -> "system/*.rs system/Patient.c");
        registry.add("carerelay.security.clients[3].client-id", () -> BROWSER_APP);
        registry.add("carerelay.security.clients[3].name", () -> "Browser test app");
        registry.add("carerelay.security.clients[3].redirect-uris", () -> APP_ORIGIN + "/app/index.html");
        registry.add("carerelay.security.clients[3].scopes", () -> "openid fhirUser launch/patient patient/*.rs");
        registry.add("carerelay.security.clients[4].client-id", () -> SEEDER);
        registry.add(
                "carerelay.security.clients[4].jwks-file",
                () -> CLIENT_KEYS.jwksFile().toString());
        registry.add("carerelay.security.clients[4].scopes", () -> "system/*.crus");
        registry.add("carerelay.cors.allowed-origins", () -> APP_ORIGIN);
        // the worklist page polls for new handoffs this often, so a browser test sees one arrive within seconds
        registry.add("carerelay.worklist.poll-interval", () -> "2s");
        registry.add("carerelay.security.users[0].username", () -> PRACTITIONER);
        registry.add("carerelay.security.users[0].password", () -> "{noop}" + PRACTITIONER_PASSWORD);
        registry.add("carerelay.security.users[0].fhir-user", () -> PRACTITIONER_FHIR_USER);
        registry.add("carerelay.security.users[1].username", () -> OTHER_USER);
        registry.add(
                "carerelay.security.users[1].password",
                () -> "{bcrypt}" + new BCryptPasswordEncoder().encode(OTHER_PASSWORD));
        registry.add("carerelay.security.users[2].username", () -> PATIENT_USER);
        registry.add("carerelay.security.users[2].password", () -> "{noop}" + PATIENT_PASSWORD);
        registry.add("carerelay.security.users[2].fhir-user", () -> "Patient/" + PATIENT_SELF);
        registry.add("carerelay.security.users[3].username", () -> COORDINATOR);
        registry.add("carerelay.security.users[3].password", () -> "{noop}" + COORDINATOR_PASSWORD);
        registry.add("carerelay.security.users[3].fhir-user", () -> "Practitioner/" + COORDINATOR_ID);
    }

    /** A token of the {@link #SEEDER} backend service, for a test's own records. */
    protected static String seederToken() {
        RawHttp.Response response = oauthPost(
                "/oauth2/token",
                Browser.form(
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "system/*.crus",
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion",
                        CLIENT_KEYS.assertion(SEEDER, TOKEN_ENDPOINT).rs384()),
                null,
                null);
        if (response.status() != 200) {
            throw new AssertionError("no seeder token: " + response.body());
        }
        return json(response).get("access_token").asText();
    }

    protected RawHttp fhir() {
        return RawHttp.at(FHIR);
    }

    protected static RawHttp.Response bearerGet(String path, String token) {
        return RawHttp.at(FHIR)
                .send(
                        "GET",
                        path,
                        null,
                        HttpRequest.BodyPublishers.noBody(),
                        Map.of("Authorization", "Bearer " + token));
    }

    /** POST a form to the token endpoint (or another OAuth endpoint), optionally with HTTP Basic client credentials. */
    protected static RawHttp.Response oauthPost(
            String path, Map<String, List<String>> form, String basicUser, String basicSecret) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, values) -> values.forEach(v -> body.append(body.isEmpty() ? "" : "&")
                .append(Browser.encode(name))
                .append('=')
                .append(Browser.encode(v))));
        Map<String, String> headers = basicUser == null
                ? Map.of("Accept", "application/json")
                : Map.of(
                        "Accept",
                        "application/json",
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (basicUser + ":" + basicSecret).getBytes(StandardCharsets.UTF_8)));
        return RawHttp.at(ORIGIN)
                .send(
                        "POST",
                        path,
                        "application/x-www-form-urlencoded",
                        HttpRequest.BodyPublishers.ofString(body.toString()),
                        headers);
    }

    protected static JsonNode json(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** A PKCE pair: the verifier and its S256 challenge. */
    protected record Pkce(String verifier, String challenge) {
        public static Pkce create() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                byte[] digest =
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(
                        verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
