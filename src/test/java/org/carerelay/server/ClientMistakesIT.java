package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.server.RequestLimitsIT.firstError;

import java.net.http.HttpRequest;
import java.util.Map;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A mistake in a parameter or header is the client's: 400 naming it, never a 500. */
class ClientMistakesIT extends AbstractFhirIT {

    @AfterEach
    void serverKeepsServing() {
        assertThat(http.get("/metadata").status()).isEqualTo(200);
    }

    @Test
    void careGapsAsOfADayThatDoesNotExist() {
        String patient = create(client, new Patient().setActive(true));

        Response response = http.get("/" + patient + "/$care-gaps?asOf=1000-02-29");

        assertInvalid(response, "asOf", "asOf '1000-02-29' is not a day of the calendar");
    }

    @Test
    void negativeOffset() {
        assertInvalid(http.get("/Patient?_offset=-1"), "_offset", "_offset must be a non-negative integer");
    }

    @Test
    void hasWithEmptyParts() {
        assertInvalid(http.get("/Patient?_has:::=1"), "_has:::", "must read _has:Type:reference:parameter");
    }

    @Test
    void emptyHasPartsAtTheEndOfAChain() {
        assertInvalid(
                http.get("/Patient?link:Patient._has:::=1"),
                "link:Patient._has:::",
                "must read _has:Type:reference:parameter");
    }

    @Test
    void quantityThatIsNoNumber() {
        Response response = http.get("/Condition?abatement-age=3k");

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.VALUE);
        assertThat(issue.getDiagnostics()).contains("'3k' is not a number");
        assertThat(issue.getExpression()).extracting(Object::toString).containsExactly("abatement-age");
        assertThat(http.get("/Condition?abatement-age:missing=true").status()).isEqualTo(200);
    }

    @Test
    void nulCharacterInASearchValue() {
        Response response = http.get("/Task?_id=%00");

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.VALUE);
        assertThat(issue.getDiagnostics()).contains("U+0000");
        assertThat(issue.getExpression()).extracting(Object::toString).containsExactly("_id");
    }

    @Test
    void filterIsNotSupported() {
        Response response = http.get("/Patient?_filter=YE");

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.NOTSUPPORTED);
        assertThat(issue.getExpression()).extracting(Object::toString).containsExactly("_filter");
    }

    @Test
    void ifMatchThatIsNoVersion() {
        String patient = create(client, new Patient().setActive(true));

        assertInvalid(put(patient, "1000-02-29"), "If-Match", "is not an ETag of this server");
    }

    @Test
    void ifModifiedSinceThatIsNoDate() {
        String patient = create(client, new Patient().setActive(true));

        Response response = http.send(
                "GET",
                "/" + patient,
                null,
                HttpRequest.BodyPublishers.noBody(),
                Map.of("If-Modified-Since", "not a date"));

        assertInvalid(response, "If-Modified-Since", "is not an HTTP date");
    }

    @Test
    void ifModifiedSinceThatIsADateStillAnswers304() {
        String patient = create(client, new Patient().setActive(true));

        Response response = http.send(
                "GET",
                "/" + patient,
                null,
                HttpRequest.BodyPublishers.noBody(),
                Map.of("If-Modified-Since", "Fri, 31 Dec 9999 23:59:59 GMT"));

        assertThat(response.status()).isEqualTo(304);
    }

    @Test
    void ifMatchAnyVersionUpdatesAResourceThatExists() {
        String patient = create(client, new Patient().setActive(true));

        Response response = put(patient, "*");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"versionId\":\"2\"");
    }

    @Test
    void ifMatchAnyVersionOnAResourceThatDoesNotExistIs412AndStoresNothing() {
        String patient = "Patient/nobody-" + System.nanoTime();

        Response response = put(patient, "*");

        assertThat(response.status()).isEqualTo(412);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getExpression()).extracting(Object::toString).containsExactly("If-Match");
        assertThat(issue.getDiagnostics()).contains(patient).contains("does not exist");
        assertThat(http.get("/" + patient).status()).isEqualTo(404);
    }

    @Test
    void ifMatchAnyVersionOnADeletedResourceIs412() {
        String patient = create(client, new Patient().setActive(true));
        assertThat(http.send("DELETE", "/" + patient, null, HttpRequest.BodyPublishers.noBody())
                        .status())
                .isEqualTo(200);

        assertThat(put(patient, "*").status()).isEqualTo(412);
    }

    @Test
    void staleIfMatchIsStill412() {
        String patient = create(client, new Patient().setActive(true));
        assertThat(put(patient, "W/\"1\"").status()).isEqualTo(200);

        assertThat(put(patient, "W/\"1\"").status()).isEqualTo(412);
    }

    private Response put(String reference, String ifMatch) {
        String id = reference.substring(reference.indexOf('/') + 1);
        return http.send(
                "PUT",
                "/" + reference,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(
                        "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":false}"),
                Map.of("If-Match", ifMatch));
    }

    private static void assertInvalid(Response response, String parameter, String message) {
        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.INVALID);
        assertThat(issue.getDiagnostics()).contains(message);
        assertThat(issue.getExpression()).extracting(Object::toString).containsExactly(parameter);
    }
}
