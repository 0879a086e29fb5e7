package org.carerelay.testing;

import java.net.http.HttpRequest;
import java.util.Map;
import org.carerelay.CareRelayApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that run with security on: a second server (one Spring context shared by all such
 * tests) that trusts the test issuer's keys, talked to over HTTP with tokens the tests sign.
 */
@SpringBootTest(classes = CareRelayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AbstractSecuredFhirIT {

    protected static final Tokens TOKENS = new Tokens();

    /** The CDS client (an EHR) allowed to call the CDS Hooks service, and its signing keys. */
    protected static final String CDS_CLIENT = "https://ehr.example.org/cds-client";

    protected static final ClientKeys CDS_KEYS = new ClientKeys();

    /** Where the CDS client says it publishes its keys (a {@code jku} it may name; the keys are read from a file). */
    protected static final String CDS_JKU = "https://ehr.example.org/cds-client/jwks.json";

    @LocalServerPort
    protected int port;

    protected RawHttp http;

    @DynamicPropertySource
    static void securedServer(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        registry.add("carerelay.security.enabled", () -> "true");
        registry.add("carerelay.security.issuer", () -> Tokens.ISSUER);
        registry.add("carerelay.security.audience", () -> Tokens.AUDIENCE);
        registry.add("carerelay.security.jwks-file", () -> TOKENS.jwksFile().toString());
        registry.add("carerelay.security.authorization-endpoint", () -> Tokens.ISSUER + "/authorize");
        registry.add("carerelay.security.token-endpoint", () -> Tokens.ISSUER + "/token");
        registry.add("carerelay.conflicts.cds-clients[0].issuer", () -> CDS_CLIENT);
        registry.add(
                "carerelay.conflicts.cds-clients[0].jwks-file",
                () -> CDS_KEYS.jwksFile().toString());
        registry.add("carerelay.conflicts.cds-clients[0].allowed-jku[0]", () -> CDS_JKU);
    }

    @BeforeEach
    void connect() {
        http = new RawHttp(baseUrl());
    }

    protected String baseUrl() {
        return "http://localhost:" + port + "/fhir";
    }

    /** A token for this server. */
    protected Tokens.Builder token() {
        return TOKENS.forAudience(Tokens.AUDIENCE);
    }

    /** A request with a bearer token; a body, when given, is sent as FHIR JSON. */
    protected RawHttp.Response send(String method, String path, String body, String token) {
        return http.send(
                method,
                path,
                body == null ? null : "application/fhir+json",
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                bearer(token));
    }

    protected RawHttp.Response get(String path, String token) {
        return send("GET", path, null, token);
    }

    protected static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
