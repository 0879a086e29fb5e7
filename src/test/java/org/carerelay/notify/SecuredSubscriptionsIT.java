package org.carerelay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.testing.AbstractSecuredFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions with security on. A channel's headers often carry the receiver's credentials: only a caller that may
 * update Subscriptions sees them, on a read, a search and a version; the others see the Subscription without them,
 * labelled redacted. A websocket binding token is handed out only to a caller that may read the Subscription, and
 * binding with it needs no other credential.
 */
class SecuredSubscriptionsIT extends AbstractSecuredFhirIT {

    static final String SUBSCRIPTION = "{\"resourceType\":\"Subscription\",\"status\":\"off\",\"reason\":\"headers\","
            + "\"criteria\":\"Task?status=requested\",\"channel\":{\"type\":\"rest-hook\","
            + "\"endpoint\":\"http://localhost:9/hook\",\"payload\":\"application/fhir+json\","
            + "\"header\":[\"Authorization: Bearer receiver-secret\"]}}";

    @Test
    void onlyACallerThatMayUpdateSubscriptionsSeesTheChannelHeaders() {
        String writer = token().scope("system/Subscription.cruds").rsa();
        Response created = send("POST", "/Subscription", SUBSCRIPTION, writer);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id =
                created.header("Location").replaceAll(".*/Subscription/", "").replaceAll("/_history/.*", "");
        String reader = token().scope("system/Subscription.rs").rsa();

        for (String path :
                new String[] {"/Subscription/" + id, "/Subscription?_id=" + id, "/Subscription/" + id + "/_history/1"
                }) {
            Response asReader = send("GET", path, null, reader);
            assertThat(asReader.status()).as(path).isEqualTo(200);
            assertThat(asReader.body())
                    .as(path)
                    .doesNotContain("receiver-secret")
                    .contains("REDACTED");
            assertThat(asReader.body()).as(path).contains("http://localhost:9/hook");

            Response asWriter = send("GET", path, null, writer);
            assertThat(asWriter.status()).as(path).isEqualTo(200);
            assertThat(asWriter.body()).as(path).contains("Authorization: Bearer receiver-secret");
            assertThat(asWriter.body()).as(path).doesNotContain("REDACTED");
        }
        // what is stored keeps its headers: the writer reads them back after the reader's reads
        assertThat(send("DELETE", "/Subscription/" + id, null, writer).status()).isEqualTo(200);
    }

    @Test
    void aWebsocketBindingTokenNeedsReadAccessToTheSubscription() throws Exception {
        String writer = token().scope("system/Subscription.cruds").rsa();
        String websocket = "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"socket\","
                + "\"criteria\":\"Task?status=requested\",\"channel\":{\"type\":\"websocket\"}}";
        Response created = send("POST", "/Subscription", websocket, writer);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id =
                created.header("Location").replaceAll(".*/Subscription/", "").replaceAll("/_history/.*", "");
        String path = "/Subscription/" + id + "/$get-ws-binding-token";

        assertThat(send("GET", path, null, null).status()).isEqualTo(401);
        assertThat(send("GET", path, null, token().scope("system/Task.rs").rsa())
                        .status())
                .isEqualTo(403);
        Response granted =
                send("GET", path, null, token().scope("system/Subscription.rs").rsa());
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        String token = granted.body().replaceAll("(?s).*\"name\":\"token\",\"valueString\":\"([^\"]+)\".*", "$1");

        try (WebsocketClient socket = WebsocketClient.connect(
                baseUrl().replaceFirst("^http", "ws").replaceAll("/fhir$", "") + "/websocket")) {
            socket.send("bind-with-token " + token);
            assertThat(socket.next()).isEqualTo("bound " + id);
        }
        assertThat(send("DELETE", "/Subscription/" + id, null, writer).status()).isEqualTo(200);
    }
}
