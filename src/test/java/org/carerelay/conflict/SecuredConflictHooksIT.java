package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;
import org.carerelay.testing.AbstractSecuredFhirIT;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.RawHttp.Response;
import org.junit.jupiter.api.Test;

/**
 * With security on, the CDS Hooks service verifies the CDS client's JWT itself: an allow-listed {@code iss}, a
 * {@code kid} and a signature by that client's keys, a {@code jku} (if any) of that client's, {@code aud} the
 * service's URL, an {@code exp} at most five minutes ahead and a {@code jti} not used before; anything else is 401.
 * The feedback endpoint checks the same. Discovery stays open.
 */
class SecuredConflictHooksIT extends AbstractSecuredFhirIT {

    private static final String SERVICE = "/cds-services/plan-conflicts-order-sign";

    private Response call(String jwt) {
        RawHttp root = RawHttp.at("http://localhost:" + port);
        String body = "{\"hookInstance\":\"5b0c6b4e-3f0a-4d4a-9a57-6d0b8e0a1b2c\",\"hook\":\"order-sign\","
                + "\"context\":{\"userId\":\"Practitioner/x\",\"patientId\":\"nobody-here\","
                + "\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}}}";
        return root.send(
                "POST",
                SERVICE,
                "application/json",
                HttpRequest.BodyPublishers.ofString(body),
                jwt == null ? Map.of() : bearer(jwt));
    }

    private String audience() {
        return "http://localhost:" + port + SERVICE;
    }

    @Test
    void discoveryIsOpen() {
        assertThat(RawHttp.at("http://localhost:" + port).get("/cds-services").status())
                .isEqualTo(200);
    }

    @Test
    void aVerifiedClientIsLetThrough() {
        // past the JWT check, the patient is looked up: there is none of that id
        Response response = call(CDS_KEYS.assertion(CDS_CLIENT, audience()).rs384());
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(call(CDS_KEYS.assertion(CDS_CLIENT, audience()).es384()).status())
                .isEqualTo(404);
    }

    @Test
    void everyOtherCallerIsRefused() {
        assertThat(call(null).status()).isEqualTo(401);
        assertThat(call(CDS_KEYS.assertion("https://stranger.example.org", audience())
                                .rs384())
                        .status())
                .isEqualTo(401);
        assertThat(call(CDS_KEYS.assertion(CDS_CLIENT, audience()).forged()).status())
                .isEqualTo(401);
        assertThat(call(CDS_KEYS.assertion(CDS_CLIENT, "http://localhost:" + port + "/cds-services/other")
                                .rs384())
                        .status())
                .isEqualTo(401);
        assertThat(call(CDS_KEYS.assertion(CDS_CLIENT, audience())
                                .expiresAt(Instant.now().minusSeconds(120))
                                .rs384())
                        .status())
                .isEqualTo(401);
        Response longLived = call(CDS_KEYS.assertion(CDS_CLIENT, audience())
                .expiresAt(Instant.now().plusSeconds(3600))
                .rs384());
        assertThat(longLived.status()).isEqualTo(401);
        assertThat(longLived.body()).contains("more than five minutes ahead");
        // a token of the FHIR API's issuer is not a CDS client's
        assertThat(call(token().scope("system/*.rs").rsa()).status()).isEqualTo(401);
    }

    @Test
    void aJwtIsAcceptedOnce() {
        String jwt = CDS_KEYS.assertion(CDS_CLIENT, audience()).rs384();
        assertThat(call(jwt).status()).isEqualTo(404);

        Response replayed = call(jwt);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body())
                .isEqualTo("{\"error\":\"The JWT's jti was used before: a CDS client's JWT is accepted once\"}");
    }

    @Test
    void aJkuMustBeOneOfTheClientsAndAKidIsRequired() {
        assertThat(call(CDS_KEYS.assertion(CDS_CLIENT, audience()).jku(CDS_JKU).rs384())
                        .status())
                .isEqualTo(404);
        Response elsewhere = call(CDS_KEYS.assertion(CDS_CLIENT, audience())
                .jku("https://attacker.example.org/jwks.json")
                .rs384());
        assertThat(elsewhere.status()).isEqualTo(401);
        assertThat(elsewhere.body())
                .isEqualTo("{\"error\":\"The JWT's jku https://attacker.example.org/jwks.json is not a key URL of"
                        + " its issuer (its jwks-uri or allowed-jku)\"}");

        Response noKid =
                call(CDS_KEYS.assertion(CDS_CLIENT, audience()).kid(null).rs384());
        assertThat(noKid.status()).isEqualTo(401);
        assertThat(noKid.body()).contains("no kid");
        assertThat(call(CDS_KEYS.assertion(CDS_CLIENT, audience())
                                .kid("rsa-unknown")
                                .rs384())
                        .status())
                .isEqualTo(401);
        assertThat(call(CDS_KEYS.assertion(CDS_CLIENT, audience())
                                .kid(CDS_KEYS.ecKeyId())
                                .es384())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void feedbackNeedsTheSameJwtForTheFeedbackOrTheServiceUrl() {
        String feedback = audience() + "/feedback";
        assertThat(feedback(null).status()).isEqualTo(401);
        Response forFeedback = feedback(CDS_KEYS.assertion(CDS_CLIENT, feedback).es384());
        assertThat(forFeedback.status()).as(forFeedback.body()).isEqualTo(200);
        String jwt = CDS_KEYS.assertion(CDS_CLIENT, audience()).rs384();
        assertThat(feedback(jwt).status()).isEqualTo(200);
        assertThat(feedback(jwt).status()).isEqualTo(401);
        assertThat(feedback(CDS_KEYS.assertion(CDS_CLIENT, "http://localhost:" + port + "/cds-services")
                                .rs384())
                        .status())
                .isEqualTo(401);
    }

    private Response feedback(String jwt) {
        String body = "{\"feedback\":[{\"card\":\"" + java.util.UUID.randomUUID() + "\",\"outcome\":\"overridden\","
                + "\"outcomeTimestamp\":\"2026-06-01T10:05:31Z\"}]}";
        return RawHttp.at("http://localhost:" + port)
                .send(
                        "POST",
                        SERVICE + "/feedback",
                        "application/json",
                        HttpRequest.BodyPublishers.ofString(body),
                        jwt == null ? Map.of() : bearer(jwt));
    }
}
