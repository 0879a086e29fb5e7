package org.carerelay.security.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.security.audit.AuditFixtures.assertLoopback;
import static org.carerelay.security.audit.AuditFixtures.assertNotAllowed;
import static org.carerelay.security.audit.AuditFixtures.bundle;
import static org.carerelay.security.audit.AuditFixtures.data;
import static org.carerelay.security.audit.AuditFixtures.location;
import static org.carerelay.security.audit.AuditFixtures.queries;
import static org.carerelay.security.audit.AuditFixtures.signature;
import static org.carerelay.security.audit.AuditFixtures.single;

import ca.uhn.fhir.context.FhirContext;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.carerelay.fhir.Caller;
import org.carerelay.testing.AbstractSecuredFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/**
 * Every request leaves an AuditEvent in IHE BALP's shape, allowed or refused: who (user and client), what, which
 * patient, the outcome and where it came from. The audit is read through the API like any data, never written
 * through it, and writing it is not audited in turn.
 */
class AuditIT extends AbstractSecuredFhirIT {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String ORGANIZATION = "{\"resourceType\":\"Organization\",\"name\":\"Audited\"}";

    @Test
    void aReadNamesTheUserTheClientTheSourceAndWhatWasRead() throws Exception {
        String organization = created("Organization", ORGANIZATION);
        Client client = new Client("user/Organization.rs");

        assertThat(client.call("GET", "/" + organization, null).status()).isEqualTo(200);

        AuditEvent event = single(client.audit(1));
        assertThat(event.getOutcome().toCode()).isEqualTo("0");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("read");
        client.assertAgents(event);
        assertThat(data(event)).containsExactly(organization);
    }

    @Test
    void aSearchIsRecordedWithItsQuery() throws Exception {
        String organization = created("Organization", ORGANIZATION);
        Client client = new Client("user/Organization.rs");
        String id = organization.substring("Organization/".length());

        assertThat(client.call("GET", "/Organization?_id=" + id, null).status()).isEqualTo(200);

        AuditEvent event = single(client.audit(1));
        assertThat(event.getOutcome().toCode()).isEqualTo("0");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
        client.assertAgents(event);
        assertThat(queries(event))
                .singleElement()
                .satisfies(query -> assertThat(query)
                        .startsWith(baseUrl() + "/Organization?")
                        .contains("_id=" + id));
    }

    @Test
    void aCreateIsRecordedWithWhatWasCreated() throws Exception {
        Client client = new Client("user/Organization.c");

        Response response = client.call("POST", "/Organization", ORGANIZATION);

        assertThat(response.status()).isEqualTo(201);
        AuditEvent event = single(client.audit(1));
        assertThat(event.getOutcome().toCode()).isEqualTo("0");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
        client.assertAgents(event);
        assertThat(data(event)).containsExactly(location(response));
    }

    @Test
    void aRequestWithoutATokenIsRecordedAsRefusedWithItsSourceAndRequestLine() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        String family = UUID.randomUUID().toString();

        assertThat(http.get("/Patient?family=" + family).status()).isEqualTo(401);

        AuditEvent event = awaitOne(
                "/AuditEvent?outcome=4&date=ge" + start,
                e -> queries(e).stream().anyMatch(query -> query.contains(family)));
        assertThat(event.getOutcome().toCode()).isEqualTo("4");
        assertThat(event.getOutcomeDesc()).startsWith("This request needs a bearer token");
        assertThat(queries(event)).containsExactly(baseUrl() + "/Patient?family=" + family);
        assertThat(event.getEntity())
                .extracting(AuditEventEntityComponent::getDescription)
                .contains("GET " + baseUrl() + "/Patient?family=" + family);
        assertLoopback(event.getAgentFirstRep().getNetwork().getAddress());
        assertThat(event.getAgent())
                .noneMatch(agent ->
                        agent.getWho().hasIdentifier() || agent.getWho().hasReference());
    }

    @Test
    void aRequestOutsideTheTokensScopesIsRecordedAsRefused() throws Exception {
        Client client = new Client("user/Organization.rs");

        assertThat(client.call("GET", "/CarePlan?status=active", null).status()).isEqualTo(403);

        AuditEvent event = single(client.audit(1));
        assertThat(event.getOutcome().toCode()).isEqualTo("4");
        assertThat(event.getOutcomeDesc()).contains("user/CarePlan.s");
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
        client.assertAgents(event);
        assertThat(queries(event)).containsExactly(baseUrl() + "/CarePlan?status=active");
    }

    @Test
    void theAuditIsSearchedByClientUserOutcomeAndAddress() throws Exception {
        Client client = new Client("user/Organization.rs");
        client.call("GET", "/CarePlan", null);
        AuditEvent refused = single(client.audit(1));
        String address = refused.getAgentFirstRep().getNetwork().getAddress();

        for (String query : List.of(
                "agent=" + client.user,
                "outcome=4&altid=" + client.id,
                "address=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&altid=" + client.id)) {
            assertThat(all("/AuditEvent?_count=500&" + query))
                    .as(query)
                    .extracting(e -> e.getIdElement().getIdPart())
                    .containsExactly(refused.getIdElement().getIdPart());
        }
    }

    @Test
    void interactionsBalpDoesNotCoverAreRecordedToo() throws Exception {
        String organization = created("Organization", ORGANIZATION);
        Client client = new Client("user/Organization.rs");

        assertThat(client.call("GET", "/" + organization + "/_history", null).status())
                .isEqualTo(200);

        AuditEvent event = single(client.audit(1));
        assertThat(event.getOutcome().toCode()).isEqualTo("0");
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("history-instance");
        client.assertAgents(event);
        assertThat(data(event)).containsExactly(organization);
        assertThat(queries(event)).containsExactly(baseUrl() + "/" + organization + "/_history");
    }

    @Test
    void aRefusedBatchEntryIsRecordedBesideTheAllowedOne() throws Exception {
        String organization = created("Organization", ORGANIZATION);
        Client client = new Client("user/Organization.rs");
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"" + organization + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"CarePlan\"}}]}";

        assertThat(client.call("POST", "", batch).status()).isEqualTo(200);

        List<AuditEvent> events = client.audit(2);
        assertThat(events).extracting(e -> e.getOutcome().toCode()).containsExactlyInAnyOrder("0", "4");
        AuditEvent refused = events.stream()
                .filter(e -> e.getOutcome().toCode().equals("4"))
                .findFirst()
                .orElseThrow();
        assertThat(refused.getOutcomeDesc()).contains("user/CarePlan.s");
        assertThat(queries(refused)).containsExactly(baseUrl() + "/CarePlan");
        events.forEach(client::assertAgents);
    }

    @Test
    void eachRequestLeavesExactlyItsOwnEventsAndStoringThemIsNotAudited() throws Exception {
        String organization = created("Organization", ORGANIZATION);
        Client client = new Client("user/Organization.crs");
        client.call("GET", "/" + organization, null);
        client.call("GET", "/Organization?_id=" + organization.substring(13), null);
        client.call("POST", "/Organization", ORGANIZATION);
        client.call("GET", "/" + organization + "/_history", null);
        client.call("DELETE", "/" + organization, null);

        assertThat(client.audit(5)).hasSize(5);

        // each count is one search, so one event more; an audit that audited its own writes would never settle
        boolean settled = false;
        for (int attempt = 0; attempt < 20 && !settled; attempt++) {
            int before = count("/AuditEvent?_summary=count");
            Thread.sleep(500);
            settled = count("/AuditEvent?_summary=count") == before + 1;
        }
        assertThat(settled).isTrue();
        assertThat(client.audit(5)).hasSize(5);
    }

    @Test
    void theTokenNeverAppearsInTheAudit() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        Client client = new Client("user/Organization.rs");
        String expired = token().scope("user/*.rs")
                .expiresAt(Instant.now().minusSeconds(60))
                .rsa();
        String organization = created("Organization", ORGANIZATION);

        client.call("GET", "/" + organization, null);
        client.call("GET", "/CarePlan", null);
        client.call("GET", "/Organization?access_token=" + client.token, null);
        get("/Patient", expired);
        http.get("/Patient?access_token=" + expired);

        client.audit(3);
        List<AuditEvent> recent = new ArrayList<>();
        for (int attempt = 0; attempt < 40; attempt++) {
            recent = all("/AuditEvent?date=ge" + start + "&_count=500");
            if (recent.stream().filter(e -> "4".equals(e.getOutcome().toCode())).count() >= 4) {
                break;
            }
            Thread.sleep(250);
        }
        for (AuditEvent event : recent) {
            String text = FHIR.newJsonParser().encodeResourceToString(event) + String.join(" ", queries(event));
            for (String secret : List.of(client.token, expired)) {
                assertThat(text).doesNotContain(secret).doesNotContain(signature(secret));
            }
        }
        assertThat(recent.stream().flatMap(e -> queries(e).stream()))
                .anyMatch(query -> query.endsWith("access_token=(redacted)"));
    }

    @Test
    void auditEventsCannotBeWrittenThroughTheApiWhateverTheScope() throws Exception {
        Client client = new Client("user/Organization.rs");
        client.call("GET", "/Organization?name=nothing", null);
        AuditEvent recorded = single(client.audit(1));
        String id = recorded.getIdElement().toUnqualifiedVersionless().getValue();
        String body = FHIR.newJsonParser().encodeResourceToString(recorded.setOutcomeDesc("tampered"));
        Client admin = new Client("system/*.cruds user/*.cruds");

        assertNotAllowed(admin.call("POST", "/AuditEvent", body));
        assertNotAllowed(admin.call("PUT", "/" + id, body));
        assertNotAllowed(admin.call("DELETE", "/" + id, null));
        assertNotAllowed(admin.call("DELETE", "/AuditEvent?altid=" + client.id, null));
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + "{\"resource\":"
                + body + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + id + "\"}}]}";
        assertNotAllowed(admin.call("POST", "", transaction));
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"DELETE\",\"url\":\"" + id + "\"}}]}";
        Response answer = admin.call("POST", "", batch);
        assertThat(FHIR.newJsonParser()
                        .parseResource(Bundle.class, answer.body())
                        .getEntryFirstRep()
                        .getResponse()
                        .getStatus())
                .startsWith("405");

        Response read = admin.call("GET", "/" + id, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(FHIR.newJsonParser()
                        .parseResource(AuditEvent.class, read.body())
                        .getMeta()
                        .getVersionId())
                .isEqualTo("1");
    }

    @Test
    void auditEventsAreReadWithAScopeThatCoversThem() throws Exception {
        Client client = new Client("user/Organization.rs");
        client.call("GET", "/Organization?name=nothing", null);
        String id = single(client.audit(1))
                .getIdElement()
                .toUnqualifiedVersionless()
                .getValue();

        for (String scope : List.of("user/AuditEvent.rs", "system/*.rs")) {
            Client reader = new Client(scope);
            assertThat(reader.call("GET", "/" + id, null).status()).as(scope).isEqualTo(200);
            assertThat(reader.call("GET", "/AuditEvent?altid=" + client.id, null)
                            .status())
                    .as(scope)
                    .isEqualTo(200);
        }
        Client other = new Client("user/Organization.rs user/Patient.rs");
        assertThat(other.call("GET", "/" + id, null).status()).isEqualTo(403);
        assertThat(other.call("GET", "/AuditEvent", null).status()).isEqualTo(403);
    }

    @Test
    void aPatientTokenReadsNoAuditEvents() throws Exception {
        String a = created("Patient", "{\"resourceType\":\"Patient\"}");
        Client practitioner = new Client("user/Patient.rs");
        practitioner.call("GET", "/" + a, null);
        AuditEvent aboutA = practitioner.audit(1).get(0);

        // an event about A may name whoever tried to reach A (another patient's client, address, id)
        Client patient = new Client("patient/*.rs", a.substring("Patient/".length()));
        for (String path : List.of(
                "/AuditEvent",
                "/AuditEvent?patient=" + a,
                "/" + aboutA.getIdElement().toUnqualifiedVersionless().getValue())) {
            Response refused = patient.call("GET", path, null);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.outcome().getIssueFirstRep().getDiagnostics())
                    .isEqualTo("A patient-scoped token cannot reach AuditEvent resources: they do not say which"
                            + " patient they belong to");
        }
        // a relative patient is read against the server's base, as stored
        assertThat(all("/AuditEvent?_count=500&patient=" + a))
                .extracting(e -> e.getIdElement().getIdPart())
                .contains(aboutA.getIdElement().getIdPart());
    }

    /** A caller with its own client id and user, so that its events can be told from every other test's. */
    final class Client {
        final String id = "client-" + UUID.randomUUID();
        final String user = "Practitioner/" + UUID.randomUUID();
        final String token;

        Client(String scope) {
            this(scope, null);
        }

        Client(String scope, String patient) {
            var builder = token().claim("client_id", id).claim("fhirUser", user).scope(scope);
            token = (patient == null ? builder : builder.patient(patient)).rsa();
        }

        Response call(String method, String path, String body) {
            return send(method, path, body, token);
        }

        /** The events of this client, once there are as many as expected (they are stored after each response). */
        List<AuditEvent> audit(int expected) throws InterruptedException {
            String query = "/AuditEvent?_count=500&altid=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
            List<AuditEvent> events = List.of();
            for (int attempt = 0; attempt < 60 && events.size() < expected; attempt++) {
                Thread.sleep(attempt == 0 ? 0 : 250);
                events = all(query);
            }
            Thread.sleep(300); // and no more than expected
            return all(query);
        }

        void assertAgents(AuditEvent event) {
            AuditEventAgentComponent client = event.getAgent().stream()
                    .filter(agent -> agent.getWho().hasIdentifier())
                    .findFirst()
                    .orElseThrow();
            assertThat(client.getWho().getIdentifier().getSystem()).isEqualTo(Caller.OAUTH_CLIENT);
            assertThat(client.getWho().getIdentifier().getValue()).isEqualTo(id);
            assertThat(client.getAltId()).isEqualTo(id);
            assertLoopback(client.getNetwork().getAddress());
            AuditEventAgentComponent requestor = event.getAgent().stream()
                    .filter(AuditEventAgentComponent::getRequestor)
                    .findFirst()
                    .orElseThrow();
            // stored absolute, on this server's base; HAPI shows references on its own base relative
            assertThat(requestor.getWho().getReference()).isEqualTo(user);
        }
    }

    private AuditEvent awaitOne(String query, Predicate<AuditEvent> which) throws InterruptedException {
        for (int attempt = 0; attempt < 60; attempt++) {
            Optional<AuditEvent> found =
                    all(query + "&_count=500").stream().filter(which).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no AuditEvent found by " + query);
    }

    private List<AuditEvent> all(String query) {
        return bundle(get(query, auditorToken()));
    }

    private int count(String query) {
        Response response = get(query, auditorToken());
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getTotal();
    }

    private String auditorToken() {
        return token().claim("client_id", "auditor")
                .scope("system/AuditEvent.rs")
                .rsa();
    }

    private String created(String type, String body) {
        Response response = http.send(
                "POST",
                "/" + type,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(body),
                bearer(token().claim("client_id", "setup")
                        .scope("system/*.cruds")
                        .rsa()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return location(response);
    }
}
