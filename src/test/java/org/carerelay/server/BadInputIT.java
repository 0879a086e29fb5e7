package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input is answered with a 4xx OperationOutcome that says what is wrong, never a 500, and the server goes on. */
class BadInputIT extends AbstractFhirIT {

    @AfterEach
    void serverKeepsServing() {
        assertThat(http.get("/metadata").status()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsRefusedWith400() {
        Response response = http.postJson("/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":");

        assertThat(response.status()).isEqualTo(400);
        assertThat(firstError(response).getDiagnostics()).contains("Failed to parse request body as JSON");
    }

    @Test
    void resourceOfTheWrongTypeForTheUrlIsRefusedWith400() {
        Response response = http.postJson(
                "/Patient", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(firstError(response).getDiagnostics())
                .contains("Observation")
                .contains("Patient");
    }

    @Test
    void unknownElementIsRefusedWith400NamingIt() {
        Response response = http.postJson("/Patient", "{\"resourceType\":\"Patient\",\"favouriteColour\":\"blue\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(firstError(response).getDiagnostics()).contains("Unknown element 'favouriteColour'");
    }

    @Test
    void xmlExternalEntityIsNeverExpanded() {
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE Patient [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&xxe;\"/></name></Patient>";

        Response response =
                http.send("POST", "/Patient", "application/fhir+xml", HttpRequest.BodyPublishers.ofString(xml));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("root:");
        OperationOutcome outcome = FHIR.newXmlParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("DOCTYPE");
    }

    @Test
    void jsonNestedFiveThousandLevelsDeepIsRefusedWith400() {
        int depth = 5000;
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Patient\",\"extension\":");
        json.append("[{\"url\":\"http://example.org/n\",\"extension\":".repeat(depth));
        json.append("[]");
        json.append("}]".repeat(depth));
        json.append('}');

        Response response = http.postJson("/Patient", json.toString());

        assertThat(response.status()).isEqualTo(400);
        assertThat(firstError(response).getDiagnostics()).containsIgnoringCase("depth");
    }

    @Test
    void fiftyMegabyteBodyIsRefusedWith413() {
        String json = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(50 * 1024 * 1024) + "\"}]}";

        Response response = http.postJson("/Patient", json);

        assertThat(response.status()).isEqualTo(413);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.TOOLONG);
        assertThat(issue.getDiagnostics()).contains("max-request-size");
    }

    @Test
    void transactionWithTenThousandEntriesIsRefusedWith413() {
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < 10_000; i++) {
            if (i > 0) {
                bundle.append(',');
            }
            bundle.append("{\"resource\":{\"resourceType\":\"Basic\",\"code\":{\"text\":\"e")
                    .append(i)
                    .append("\"}},\"request\":{\"method\":\"POST\",\"url\":\"Basic\"}}");
        }
        bundle.append("]}");

        Response response = http.postJson("", bundle.toString());

        assertThat(response.status()).isEqualTo(413);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.TOOLONG);
        assertThat(issue.getDiagnostics()).contains("10000 entries").contains("1000");
        assertThat(http.get("/Basic?code=e0&_summary=count").body()).contains("\"total\":0");
    }

    @Test
    void countAboveTheMaximumPageSizeIsRefusedWith400() {
        Response response = http.get("/Patient?_count=100000");

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.INVALID);
        assertThat(issue.getDiagnostics()).contains("_count 100000 exceeds the maximum page size of 500");
        assertThat(issue.getExpression()).extracting(Object::toString).containsExactly("_count");
    }

    @Test
    void countAtTheMaximumPageSizeIsServed() {
        assertThat(http.get("/Patient?_count=500").status()).isEqualTo(200);
    }

    private static OperationOutcome.OperationOutcomeIssueComponent firstError(Response response) {
        OperationOutcome outcome = response.outcome();
        assertThat(outcome.getIssue()).isNotEmpty();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.getIssueFirstRep();
        assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
        return issue;
    }
}
