package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.server.RequestLimitsIT.firstError;

import java.net.http.HttpRequest;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Whatever the server accepts it can write back, alone and inside Bundles, in JSON and XML. */
class WrittenBackIT extends AbstractFhirIT {

    @Test
    void patientWith499NestedExtensionsIsRefusedAtInput() {
        Response response = http.postJson("/Patient", nestedExtensions(499, null));

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.STRUCTURE);
        assertThat(issue.getDiagnostics()).contains("deeper than 200 levels").contains("carerelay.limits.max-depth");
    }

    @Test
    void xmlNestedDeeperThanTheLimitIsRefused() {
        String xml = "<Patient xmlns=\"http://hl7.org/fhir\">" + "<extension url=\"http://example.org/n\">".repeat(250)
                + "</extension>".repeat(250) + "</Patient>";

        Response response =
                http.send("POST", "/Patient", "application/fhir+xml", HttpRequest.BodyPublishers.ofString(xml));

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome outcome = FHIR.newXmlParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.STRUCTURE);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("carerelay.limits.max-depth");
    }

    @Test
    void theDeepestAcceptedPatientReadsBackWholeInHistoryAndSearchBundles() {
        // the Patient's object, 98 nested extensions (an array and an object each) and the leaf's: 199 JSON levels
        // of the 200 allowed
        String id = "deep-" + System.nanoTime();
        Response stored = http.send(
                "PUT",
                "/Patient/" + id,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(nestedExtensions(98, id)));
        assertThat(stored.status()).isEqualTo(201);

        for (String path :
                new String[] {"/Patient/" + id + "/_history", "/Patient?_id=" + id, "/Patient/_history?_count=500"}) {
            Bundle json = FHIR.newJsonParser()
                    .parseResource(Bundle.class, http.get(path).body());
            assertThat(depthOf(patient(json, id))).as(path).isEqualTo(98);

            Bundle xml = FHIR.newXmlParser()
                    .parseResource(
                            Bundle.class,
                            http.get(path + (path.contains("?") ? "&" : "?") + "_format=xml")
                                    .body());
            assertThat(depthOf(patient(xml, id))).as(path + " in XML").isEqualTo(98);
        }
    }

    @Test
    void nulCharacterIsRefusedNamingWhere() {
        Response response =
                http.postJson("/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u0000b\"}]}");

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.VALUE);
        assertThat(issue.getDiagnostics()).contains("U+0000").contains("/name/0/family");
    }

    @Test
    void loneSurrogateIsRefusedWith400() {
        Response response =
                http.postJson("/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\ud800b\"}]}");

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.VALUE);
        assertThat(issue.getDiagnostics()).contains("lone surrogate U+D800");
    }

    @Test
    void tabsLineBreaksAndPairedSurrogatesAreKept() {
        Response response = http.postJson(
                "/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\tb\\r\\nc \\ud83d\\ude00\"}]}");

        assertThat(response.status()).isEqualTo(201);
        Patient patient = FHIR.newJsonParser().parseResource(Patient.class, response.body());
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("a\tb\r\nc \uD83D\uDE00");
    }

    @Test
    void xmlWithADoctypeIsRefusedEvenWithoutEntities() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Patient>\n"
                + "<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>";

        Response response =
                http.send("POST", "/Patient", "application/fhir+xml", HttpRequest.BodyPublishers.ofString(xml));

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome outcome = FHIR.newXmlParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.SECURITY);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("DOCTYPE");
    }

    /** A Patient whose extensions nest {@code levels} deep, the innermost holding a string. */
    private static String nestedExtensions(int levels, String id) {
        return "{\"resourceType\":\"Patient\"," + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"extension\":"
                + "[{\"url\":\"http://example.org/n\",\"extension\":".repeat(levels)
                + "[{\"url\":\"http://example.org/leaf\",\"valueString\":\"bottom\"}]"
                + "}]".repeat(levels) + "}";
    }

    private static Patient patient(Bundle bundle, String id) {
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(resource -> resource instanceof Patient
                        && resource.getIdElement().getIdPart().equals(id))
                .map(Patient.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static int depthOf(Patient patient) {
        int depth = 0;
        Extension extension = patient.getExtension().get(0);
        while (extension.getUrl().equals("http://example.org/n")) {
            depth++;
            extension = extension.getExtension().get(0);
        }
        assertThat(((StringType) extension.getValue()).getValue()).isEqualTo("bottom");
        return depth;
    }
}
