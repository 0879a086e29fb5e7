package org.carerelay.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.carerelay.testing.AbstractSecuredFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk Data export and the patient summary with security on, with tokens signed for each case: who may start an
 * export, and that its status and files are the asking client's alone.
 */
class ExportSecuredIT extends AbstractSecuredFhirIT {

    private static final String TAGS = "urn:carerelay:test-run";

    private String tag;
    private String patient;
    private String observation;

    @BeforeEach
    void record() {
        tag = UUID.randomUUID().toString();
        patient = created(
                "Patient",
                "{\"resourceType\":\"Patient\",\"meta\":{\"tag\":[{\"system\":\"" + TAGS + "\",\"code\":\"" + tag
                        + "\"}]},\"name\":[{\"family\":\"Rivera\"}]}");
        observation = created(
                "Observation",
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"meta\":{\"tag\":[{\"system\":\"" + TAGS
                        + "\",\"code\":\"" + tag + "\"}]},\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                        + "\"code\":\"8867-4\"}]},\"subject\":{\"reference\":\"" + patient + "\"}}");
    }

    @Test
    void backendServiceExportsAndOnlyItSeesTheJobAndReadsTheFiles() {
        BulkExportClient service = client("export-service", "system/*.rs");
        BulkExportClient other = client("other-service", "system/*.rs");

        String statusUrl = service.started(
                "/$export?_type=Patient,Observation&_typeFilter=" + filter("Patient") + "," + filter("Observation"));
        Response peeked = other.status(statusUrl);
        assertThat(peeked.status()).as(peeked.body()).isEqualTo(404);
        assertThat(other.cancel(statusUrl).status()).isEqualTo(404);

        JsonNode manifest = service.manifest(statusUrl);
        assertThat(service.idsInFiles(manifest)).containsExactlyInAnyOrder(patient, observation);
        for (JsonNode file : manifest.get("output")) {
            String url = file.get("url").asText();
            Response stolen = other.at(url, "GET");
            assertThat(stolen.status()).as(stolen.body()).isEqualTo(403);
            assertThat(other.at(url + "/_history/1", "GET").status()).isEqualTo(403);
            // the asking client reads its files without a Binary scope
            assertThat(client("export-service", "system/Patient.rs")
                            .at(url, "GET")
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void userScopesExportOnlyWhenTheyCoverEveryTypeUnrestricted() {
        String types =
                "/$export?_type=Patient,Observation&_typeFilter=" + filter("Patient") + "," + filter("Observation");

        assertForbidden(client("user-app", "user/Patient.rs").kickOff(types), "search scope for Observation");
        assertForbidden(
                client("user-app", "user/Patient.rs user/Observation.rs?category=laboratory")
                        .kickOff(types),
                "search scope for Observation");

        BulkExportClient covered = client("user-app", "user/Patient.rs user/Observation.rs");
        JsonNode manifest = covered.manifest(covered.started(types));
        assertThat(covered.countsInFiles(manifest))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Patient", 1, "Observation", 1));
    }

    @Test
    void patientScopesNeverExport() {
        BulkExportClient app = new BulkExportClient(
                http,
                bearer(token().scope("patient/*.rs")
                        .patient(patient.substring("Patient/".length()))
                        .rsa()));

        assertForbidden(app.kickOff("/Patient/$export?_type=Observation"), "a patient/ scope never exports");
        assertForbidden(app.kickOff("/" + patient + "/$export"), "a patient/ scope never exports");
        assertForbidden(app.kickOff("/$export?_type=Observation"), "a patient/ scope never exports");
    }

    @Test
    void patientSummaryIsForThePatientsOwnTokenOnly() {
        String own = token().scope("patient/*.rs")
                .patient(patient.substring("Patient/".length()))
                .rsa();
        String other = token().scope("patient/*.rs").patient("someone-else").rsa();

        Response summary = get("/" + patient + "/$summary", own);
        assertThat(summary.status()).as(summary.body()).isEqualTo(200);
        assertThat(BulkExportClient.read(summary.body()).get("type").asText()).isEqualTo("document");
        assertForbidden(get("/" + patient + "/$summary", other), "no other patient is within its reach");
    }

    private BulkExportClient client(String clientId, String scope) {
        return new BulkExportClient(
                http, bearer(token().claim("client_id", clientId).scope(scope).rsa()));
    }

    private String created(String type, String body) {
        Response response =
                send("POST", "/" + type, body, token().scope("system/*.cruds").rsa());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.header("Location").replaceAll(".*/fhir/", "").replaceAll("/_history/.*", "");
    }

    private String filter(String type) {
        return type + "?_tag=" + TAGS + "%7C" + tag;
    }

    private static void assertForbidden(Response response, String saying) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        OperationOutcome.OperationOutcomeIssueComponent issue =
                response.outcome().getIssueFirstRep();
        assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
        assertThat(issue.getDiagnostics()).contains(saying);
    }
}
