package org.carerelay.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.TestDatabase;
import org.carerelay.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Keys from the issuer's jwks_uri: fetched over HTTP when the first token comes, then cached. */
class RemoteKeysIT {

    @Test
    void tokensAreCheckedAgainstTheKeysTheIssuerPublishes() throws Exception {
        Tokens issuer = new Tokens();
        AtomicInteger fetches = new AtomicInteger();
        HttpServer keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keys.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = issuer.publicJwks().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        keys.start();
        List<String> arguments = new ArrayList<>();
        TestDatabase.freshDatabase().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.addAll(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--carerelay.security.enabled=true",
                "--carerelay.security.issuer=" + Tokens.ISSUER,
                "--carerelay.security.audience=" + Tokens.AUDIENCE,
                "--carerelay.security.jwks-uri=http://127.0.0.1:"
                        + keys.getAddress().getPort() + "/jwks"));
        try (ConfigurableApplicationContext server =
                SpringApplication.run(CareRelayApplication.class, arguments.toArray(String[]::new))) {
            String base = "http://localhost:"
                    + ((WebServerApplicationContext) server).getWebServer().getPort() + "/fhir";
            RawHttp http = RawHttp.at(base);

            for (int i = 0; i < 3; i++) {
                String token = issuer.forAudience(Tokens.AUDIENCE)
                        .scope("user/Patient.rs")
                        .rsa();
                assertThat(http.send(
                                        "GET",
                                        "/Patient?_count=1",
                                        null,
                                        HttpRequest.BodyPublishers.noBody(),
                                        Map.of("Authorization", "Bearer " + token))
                                .status())
                        .isEqualTo(200);
            }
            String forged =
                    issuer.forAudience(Tokens.AUDIENCE).scope("user/Patient.rs").forged();
            assertThat(http.send(
                                    "GET",
                                    "/Patient?_count=1",
                                    null,
                                    HttpRequest.BodyPublishers.noBody(),
                                    Map.of("Authorization", "Bearer " + forged))
                            .status())
                    .isEqualTo(401);
            assertThat(fetches.get())
                    .as("the key set is fetched once and cached")
                    .isEqualTo(1);
        } finally {
            keys.stop(0);
        }
    }
}
