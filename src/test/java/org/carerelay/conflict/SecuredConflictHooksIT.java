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
 * signature by that client's keys, {@code aud} the service's URL and an {@code exp} at most five minutes ahead;
 * anything else is 401. Discovery stays open.
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
}
