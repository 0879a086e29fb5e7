package org.carerelay.security.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.ClientKeys;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The built-in authorization server keeps its signing key and its issued tokens in the database: a token issued
 * before a restart is accepted after it, and one revoked before it stays refused.
 */
class AuthorizationServerRestartIT {

    private static final String ADDRESS = "https://restart.carerelay.test/fhir";
    private static final String TOKEN_ENDPOINT = "https://restart.carerelay.test/oauth2/token";
    private static final ClientKeys KEYS = new ClientKeys();

    @Test
    void aTokenIssuedBeforeARestartStaysValidAndARevokedOneStaysRefused() throws Exception {
        String[] arguments = arguments(TestDatabase.freshDatabase());
        String kept;
        String revoked;
        try (ConfigurableApplicationContext first = SpringApplication.run(CareRelayApplication.class, arguments)) {
            kept = token(origin(first));
            revoked = token(origin(first));
            RawHttp.Response revocation = post(origin(first), "/oauth2/revoke", "token=" + revoked + assertion());
            assertThat(revocation.status()).isEqualTo(200);
            assertThat(read(origin(first), kept).status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = SpringApplication.run(CareRelayApplication.class, arguments)) {
            assertThat(read(origin(second), kept).status()).isEqualTo(200);
            assertThat(read(origin(second), revoked).status()).isEqualTo(401);
        }
    }

    private static String[] arguments(Map<String, String> database) {
        List<String> arguments = new ArrayList<>();
        database.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--server.port=0");
        arguments.add("--management.server.port=0");
        arguments.add("--carerelay.server-address=" + ADDRESS);
        arguments.add("--carerelay.security.enabled=true");
        arguments.add("--carerelay.security.clients[0].client-id=nightly-sync");
        arguments.add("--carerelay.security.clients[0].jwks-file=" + KEYS.jwksFile());
        arguments.add("--carerelay.security.clients[0].scopes=system/*.rs");
        return arguments.toArray(String[]::new);
    }

    private static String token(String origin) throws Exception {
        RawHttp.Response response =
                post(origin, "/oauth2/token", "grant_type=client_credentials&scope=system/*.rs" + assertion());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        return body.get("access_token").asText();
    }

    private static String assertion() {
        return "&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion="
                + KEYS.assertion("nightly-sync", TOKEN_ENDPOINT).rs384();
    }

    private static RawHttp.Response post(String origin, String path, String form) {
        return RawHttp.at(origin)
                .send("POST", path, "application/x-www-form-urlencoded", HttpRequest.BodyPublishers.ofString(form));
    }

    private static RawHttp.Response read(String origin, String token) {
        return RawHttp.at(origin + "/fhir")
                .send(
                        "GET",
                        "/Patient?_count=1",
                        null,
                        HttpRequest.BodyPublishers.noBody(),
                        Map.of("Authorization", "Bearer " + token));
    }

    private static String origin(ConfigurableApplicationContext context) {
        return "http://localhost:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
