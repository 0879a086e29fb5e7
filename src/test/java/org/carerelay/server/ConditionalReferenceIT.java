package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.http.HttpRequest;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A conditional reference ({@code Patient?identifier=...}) that matches no resource is a fault in the request body, so
 * every write path answers 400 naming the reference, as for a reference to a resource that does not exist; and
 * nothing is stored.
 */
class ConditionalReferenceIT extends AbstractFhirIT {

    private static final String SYSTEM = "urn:carerelay:it:conditional-reference";

    private String marker;
    private String nobody;

    @BeforeEach
    void unmatchedReference() {
        marker = UUID.randomUUID().toString();
        nobody = "Patient?identifier=" + SYSTEM + "|nobody-" + marker;
    }

    @Test
    void createIsRefusedWith400NamingTheReference() {
        assertRefused(http.postJson("/Task", task(nobody)));
    }

    @Test
    void updateAsCreateIsRefusedWith400NamingTheReference() {
        String id = "cr-" + marker;

        assertRefused(put(id, nobody));
        assertThat(http.get("/Task/" + id).status()).isEqualTo(404);
    }

    @Test
    void updateOfAStoredResourceIsRefusedWith400NamingTheReference() {
        String patient = create(
                client,
                new Patient().addIdentifier(new Identifier().setSystem(SYSTEM).setValue(marker)));
        String id = "cr-" + marker;
        assertThat(put(id, patient).status()).isEqualTo(201);

        assertRefused(put(id, nobody));
        assertThat(client.read()
                        .resource(Task.class)
                        .withId(id)
                        .execute()
                        .getFor()
                        .getReference())
                .isEqualTo(patient);
    }

    @Test
    void patchIsRefusedWith400NamingTheReference() {
        String patient = create(
                client,
                new Patient().addIdentifier(new Identifier().setSystem(SYSTEM).setValue(marker)));
        String task = create(client, FHIR.newJsonParser().parseResource(Task.class, task(patient)));
        String patch = "[{\"op\":\"replace\",\"path\":\"/for/reference\",\"value\":\"" + nobody + "\"}]";

        assertRefused(http.send(
                "PATCH", "/" + task, "application/json-patch+json", HttpRequest.BodyPublishers.ofString(patch)));
        assertThat(client.read()
                        .resource(Task.class)
                        .withId(task)
                        .execute()
                        .getFor()
                        .getReference())
                .isEqualTo(patient);
    }

    @Test
    void transactionIsRefusedWith400NamingTheReferenceAndStoresNothing() {
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"resource\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + SYSTEM
                + "\",\"value\":\"stored-" + marker + "\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
                + "{\"resource\":" + task(nobody) + ",\"request\":{\"method\":\"POST\",\"url\":\"Task\"}}]}";

        assertRefused(http.postJson("", bundle));
        assertThat(http.get("/Patient?identifier=" + SYSTEM + "%7Cstored-" + marker + "&_summary=count")
                        .body())
                .contains("\"total\":0");
    }

    @Test
    void batchRefusesOnlyThatEntryWith400NamingTheReference() {
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"resource\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + SYSTEM
                + "\",\"value\":\"stored-" + marker + "\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
                + "{\"resource\":" + task(nobody) + ",\"request\":{\"method\":\"POST\",\"url\":\"Task\"}}]}";

        Response response = http.postJson("", bundle);

        assertThat(response.status()).isEqualTo(200);
        Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        assertThat(answer.getEntry())
                .extracting(entry -> entry.getResponse().getStatus())
                .containsExactly("201 Created", "400 Bad Request");
        assertRefused((OperationOutcome) answer.getEntry().get(1).getResponse().getOutcome());
    }

    @Test
    void aConditionalReferenceThatMatchesOneResourceIsStoredAsAReferenceToIt() {
        String patient = create(
                client,
                new Patient().addIdentifier(new Identifier().setSystem(SYSTEM).setValue(marker)));

        Response response = http.postJson("/Task", task("Patient?identifier=" + SYSTEM + "|" + marker));

        assertThat(response.status()).isEqualTo(201);
        assertThat(FHIR.newJsonParser()
                        .parseResource(Task.class, response.body())
                        .getFor()
                        .getReference())
                .isEqualTo(patient);
    }

    private void assertRefused(Response response) {
        assertThat(response.status()).isEqualTo(400);
        assertRefused(response.outcome());
    }

    private void assertRefused(OperationOutcome outcome) {
        String message = "Conditional reference " + nobody + " in Task matches no resource";
        assertThat(outcome.getIssue())
                .extracting(
                        OperationOutcomeIssueComponent::getSeverity,
                        OperationOutcomeIssueComponent::getCode,
                        OperationOutcomeIssueComponent::getDiagnostics,
                        issue -> issue.getDetails().getText())
                .containsExactly(tuple(IssueSeverity.ERROR, IssueType.NOTFOUND, message, message));
    }

    private Response put(String id, String patientReference) {
        String json = task("\"id\":\"" + id + "\",", patientReference);
        return http.send("PUT", "/Task/" + id, "application/fhir+json", HttpRequest.BodyPublishers.ofString(json));
    }

    private static String task(String patientReference) {
        return task("", patientReference);
    }

    /** A Task that is no handoff (no code), so the handoff guard has nothing to say about it. */
    private static String task(String id, String patientReference) {
        return "{\"resourceType\":\"Task\"," + id + "\"status\":\"draft\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"" + patientReference + "\"}}";
    }
}
