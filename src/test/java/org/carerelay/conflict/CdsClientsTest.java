package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.carerelay.testing.ClientKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CDS client checks beyond iss, signature, aud and exp: the {@code jku} header against the client's own key URLs
 * (its keys served over real HTTP, and every path the server was asked for counted, to show a token's {@code jku} is
 * never fetched), the {@code kid} as Nimbus selects keys by it, and the {@code jti} accepted once.
 */
class CdsClientsTest {

    private static final String SERVICE = "https://cds.example.org/cds-services/plan-conflicts-order-sign";
    private static final String BY_URI = "https://ehr-a.example.org";
    private static final String BY_FILE = "https://ehr-b.example.org";
    private static final String PUBLISHED = "https://ehr-b.example.org/.well-known/jwks.json";

    private final ClientKeys keysA = new ClientKeys();
    private final ClientKeys keysB = new ClientKeys();
    private final ConcurrentHashMap<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private HttpServer server;
    private String jwksUri;
    private CdsClients clients;

    @BeforeEach
    void serveKeys() throws IOException {
        byte[] jwks = Files.readAllBytes(keysA.jwksFile());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
                    .incrementAndGet();
            boolean keys = exchange.getRequestURI().getPath().equals("/jwks.json");
            byte[] body = keys ? jwks : "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        jwksUri = root + "/jwks.json";
        clients = new CdsClients(
                new ConflictProperties(
                        null,
                        null,
                        null,
                        List.of(
                                new ConflictProperties.CdsClient(BY_URI, null, jwksUri, null),
                                new ConflictProperties.CdsClient(
                                        BY_FILE, keysB.jwksFile().toString(), null, List.of(PUBLISHED)))),
                new SeenTokens(SeenTokens.CAPACITY, CdsClients.SKEW));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private CdsClients.Refusal check(String jwt) {
        return clients.refusal("Bearer " + jwt, Set.of(SERVICE));
    }

    @Test
    void aJkuThatIsTheClientsJwksUriIsAcceptedAndAnyOtherIsRefusedUnfetched() {
        assertThat(check(keysA.assertion(BY_URI, SERVICE).rs384())).isNull();
        assertThat(check(keysA.assertion(BY_URI, SERVICE).jku(jwksUri).es384())).isNull();

        String elsewhere = jwksUri.replace("/jwks.json", "/attacker/jwks.json");
        CdsClients.Refusal refused =
                check(keysA.assertion(BY_URI, SERVICE).jku(elsewhere).rs384());
        assertThat(refused)
                .isEqualTo(new CdsClients.Refusal(
                        401,
                        "The JWT's jku " + elsewhere
                                + " is not a key URL of its issuer (its jwks-uri or allowed-jku)"));
        // compared as written: a trailing slash is another URL
        assertThat(check(keysA.assertion(BY_URI, SERVICE).jku(jwksUri + "/").rs384()))
                .extracting(CdsClients.Refusal::status)
                .isEqualTo(401);
        assertThat(asked.keySet()).containsExactly("/jwks.json");
    }

    @Test
    void aClientWithAKeyFileMayNameOnlyItsAllowedJku() {
        assertThat(check(keysB.assertion(BY_FILE, SERVICE).rs384())).isNull();
        assertThat(check(keysB.assertion(BY_FILE, SERVICE).jku(PUBLISHED).rs384()))
                .isNull();
        // another client's key URL is not this client's
        assertThat(check(keysB.assertion(BY_FILE, SERVICE).jku(jwksUri).rs384()))
                .extracting(CdsClients.Refusal::status)
                .isEqualTo(401);
        assertThat(asked).isEmpty();
    }

    @Test
    void theKidSelectsTheKeyAndIsRequired() {
        assertThat(check(keysB.assertion(BY_FILE, SERVICE).kid(null).rs384()))
                .isEqualTo(new CdsClients.Refusal(401, "The JWT's header has no kid: CDS Hooks requires the key's id"));
        CdsClients.Refusal unknown =
                check(keysB.assertion(BY_FILE, SERVICE).kid("rsa-unknown").rs384());
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.message()).contains("no matching key(s) found");
        // an RSA signature under the kid of the client's EC key: no key of that id verifies it
        assertThat(check(keysB.assertion(BY_FILE, SERVICE).kid(keysB.ecKeyId()).rs384()))
                .extracting(CdsClients.Refusal::status)
                .isEqualTo(401);
        // a kid another client uses is unknown here
        assertThat(check(keysB.assertion(BY_FILE, SERVICE)
                        .kid("rsa-" + UUID.randomUUID())
                        .rs384()))
                .extracting(CdsClients.Refusal::status)
                .isEqualTo(401);
    }

    @Test
    void aJwtIsAcceptedOnceAndEachFreshOneToo() {
        String jwt = keysB.assertion(BY_FILE, SERVICE).rs384();
        assertThat(check(jwt)).isNull();
        assertThat(check(jwt))
                .isEqualTo(new CdsClients.Refusal(
                        401, "The JWT's jti was used before: a CDS client's JWT is accepted once"));
        assertThat(check(keysB.assertion(BY_FILE, SERVICE).rs384())).isNull();
        assertThat(check(keysB.assertion(BY_FILE, SERVICE).rs384())).isNull();
        // a new JWT re-using a spent jti is the same replay
        String again = keysB.assertion(BY_FILE, SERVICE).jti("spent").rs384();
        assertThat(check(again)).isNull();
        assertThat(check(keysB.assertion(BY_FILE, SERVICE).jti("spent").es384()))
                .extracting(CdsClients.Refusal::status)
                .isEqualTo(401);
    }

    @Test
    void theClaimsCdsHooksRequiresAreRequired() {
        CdsClients.Refusal noIat =
                check(keysB.assertion(BY_FILE, SERVICE).withoutIssueTime().rs384());
        assertThat(noIat.status()).isEqualTo(401);
        assertThat(noIat.message())
                .isEqualTo("The JWT is not valid for this service: JWT missing required claims: [iat]");
        CdsClients.Refusal noJti =
                check(keysB.assertion(BY_FILE, SERVICE).jti(null).rs384());
        assertThat(noJti.message())
                .isEqualTo("The JWT is not valid for this service: JWT missing required claims: [jti]");
    }

    @Test
    void aRefusedJwtDoesNotSpendItsJti() {
        String jti = UUID.randomUUID().toString();
        assertThat(check(keysB.assertion(BY_FILE, "https://cds.example.org/cds-services/other")
                                .jti(jti)
                                .rs384())
                        .status())
                .isEqualTo(401);
        assertThat(check(keysB.assertion(BY_FILE, SERVICE).jti(jti).rs384())).isNull();
    }

    @Test
    void whenTooManyJwtsAreUnexpiredFurtherOnesWaitWith503() {
        CdsClients small = new CdsClients(
                new ConflictProperties(
                        null,
                        null,
                        null,
                        List.of(new ConflictProperties.CdsClient(
                                BY_FILE, keysB.jwksFile().toString(), null, null))),
                new SeenTokens(1, CdsClients.SKEW));
        assertThat(small.refusal("Bearer " + keysB.assertion(BY_FILE, SERVICE).rs384(), Set.of(SERVICE)))
                .isNull();
        assertThat(small.refusal(
                        "Bearer "
                                + keysB.assertion(BY_FILE, SERVICE)
                                        .expiresAt(Instant.now().plusSeconds(60))
                                        .rs384(),
                        Set.of(SERVICE)))
                .isEqualTo(new CdsClients.Refusal(
                        503, "Too many CDS client JWTs are unexpired at once; try again shortly"));
    }
}
