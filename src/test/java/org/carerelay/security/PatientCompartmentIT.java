package org.carerelay.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.carerelay.testing.AbstractSecuredFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token for patient A reaches nothing of patient B, along every path a response can take; each test asserts what
 * the response holds, not only its status.
 */
class PatientCompartmentIT extends AbstractSecuredFhirIT {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String LAB = "laboratory";
    static final String VITALS = "vital-signs";

    private static Record a;
    private static Record b;

    record Record(String patient, String lab, String vitals, String encounter, String task) {
        String id() {
            return patient.substring("Patient/".length());
        }

        List<String> all() {
            return List.of(patient, lab, vitals, encounter, task);
        }
    }

    @BeforeEach
    void twoPatients() {
        synchronized (PatientCompartmentIT.class) {
            if (a == null) {
                a = record("A");
                b = record("B");
            }
        }
    }

    private String patientToken(String scope) {
        return token().scope(scope).patient(a.id()).rsa();
    }

    @Test
    void readsOfAnotherPatientAreRefused() {
        String token = patientToken("patient/*.rs");
        assertThat(get("/" + a.patient(), token).status()).isEqualTo(200);
        assertThat(get("/" + a.lab(), token).status()).isEqualTo(200);
        for (String other : b.all()) {
            Response response = get("/" + other, token);
            assertThat(response.status()).as(other).isEqualTo(403);
            assertThat(response.body()).as(other).doesNotContain(b.id());
        }
    }

    @Test
    void searchesSeeOnlyThePatientsCompartment() {
        String token = patientToken("patient/*.rs");
        assertThat(ids(get("/Observation", token))).containsExactlyInAnyOrder(a.lab(), a.vitals());
        assertThat(ids(get("/Patient", token))).containsExactly(a.patient());
        assertThat(ids(get("/Observation?subject=" + b.patient(), token))).isEmpty();
        assertThat(ids(get("/Encounter?_id=" + b.encounter().substring(10), token)))
                .isEmpty();
    }

    @Test
    void countsAndTotalsCountOnlyThePatient() {
        String token = patientToken("patient/*.rs");
        assertThat(bundle(get("/Observation?_summary=count", token)).getTotal()).isEqualTo(2);
        assertThat(bundle(get("/Observation?_total=accurate", token)).getTotal())
                .isEqualTo(2);
    }

    @Test
    void includesAndRevincludesShowNothingOfAnotherPatient() {
        String token = patientToken("patient/*.rs");
        assertThat(ids(get("/Observation?_include=Observation:subject&_include=Observation:encounter", token)))
                .containsExactlyInAnyOrder(a.lab(), a.vitals(), a.patient(), a.encounter());
        assertThat(ids(get("/Encounter?_revinclude=Observation:encounter", token)))
                .containsExactlyInAnyOrder(a.encounter(), a.lab(), a.vitals());
    }

    @Test
    void hasAndChainedParametersAreRefused() {
        String token = patientToken("patient/*.rs");
        assertForbidden(get("/Patient?_has:Observation:subject:category=" + LAB, token));
        assertForbidden(get("/Observation?subject.name=B", token));
        assertForbidden(get("/Observation?subject:Patient.family=B", token));
    }

    @Test
    void historyReachesOnlyThePatientsResources() {
        String token = patientToken("patient/*.rs");
        assertThat(ids(get("/" + a.lab() + "/_history", token))).containsExactly(a.lab());
        assertForbidden(get("/" + b.lab() + "/_history", token));
        assertForbidden(get("/Observation/_history", token));
        assertForbidden(get("/_history", token));
    }

    @Test
    void everythingIsOnlyForThePatientItself() {
        String token = patientToken("patient/*.rs");
        List<String> everything = ids(get("/" + a.patient() + "/$everything", token));
        assertThat(everything).contains(a.patient(), a.lab(), a.vitals(), a.encounter());
        assertThat(everything).doesNotContainAnyElementsOf(b.all());
        assertForbidden(get("/" + b.patient() + "/$everything", token));
        assertForbidden(get("/Patient/$everything", token));
    }

    @Test
    void pagesOfANarrowedSearchHoldOnlyThePatient() {
        String token = patientToken("patient/*.rs");
        List<String> seen = new ArrayList<>();
        Bundle page = bundle(get("/Observation?_count=1", token));
        while (true) {
            page.getEntry()
                    .forEach(e -> seen.add(e.getResource()
                            .getIdElement()
                            .toUnqualifiedVersionless()
                            .getValue()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = bundle(get(
                    page.getLink(Bundle.LINK_NEXT).getUrl().substring(baseUrl().length()), token));
        }
        assertThat(seen).containsExactlyInAnyOrder(a.lab(), a.vitals());
    }

    @Test
    void batchEntriesReachOnlyThePatient() {
        String token = patientToken("patient/*.rs");
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"" + a.lab() + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"" + b.lab() + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation\"}}]}";
        Response response = send("POST", "", batch, token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(b.id());
        Bundle answer = bundle(response);
        assertThat(answer.getEntry())
                .extracting(e -> e.getResponse().getStatus().substring(0, 3))
                .containsExactly("200", "403", "200");
        assertThat(((Bundle) answer.getEntry().get(2).getResource()).getEntry())
                .extracting(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .containsExactlyInAnyOrder(a.lab(), a.vitals());
    }

    @Test
    void writesIntoAnotherPatientsCompartmentAreRefused() {
        Record c = record("C");
        String token =
                token().scope("patient/Observation.cruds").patient(c.id()).rsa();
        assertThat(send("POST", "/Observation", observation(c.patient(), LAB, null), token)
                        .status())
                .isEqualTo(201);
        assertForbidden(send("POST", "/Observation", observation(b.patient(), LAB, null), token));

        String moved = observation(c.patient(), LAB, null)
                .replace(
                        "{\"resourceType\":\"Observation\",",
                        "{\"resourceType\":\"Observation\",\"id\":\"" + b.lab().substring(12) + "\",");
        assertForbidden(send("PUT", "/" + b.lab(), moved, token));
        assertForbidden(send("DELETE", "/" + b.lab(), null, token));
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"resource\":" + observation(b.patient(), LAB, null)
                + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
        assertForbidden(send("POST", "", transaction, token));

        String own = location(send("POST", "/Observation", observation(c.patient(), LAB, null), token));
        assertThat(send("DELETE", "/" + own, null, token).status()).isEqualTo(200);
        String recreated = observation(b.patient(), LAB, null)
                .replace(
                        "{\"resourceType\":\"Observation\",",
                        "{\"resourceType\":\"Observation\",\"id\":\"" + own.substring(12) + "\",");
        assertForbidden(send("PUT", "/" + own, recreated, token));
        Response again = send("PUT", "/" + own, recreated.replace(b.patient(), c.patient()), token);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(bundle(get("/Observation?_summary=count&subject=" + b.patient(), systemToken()))
                        .getTotal())
                .isEqualTo(2);
    }

    @Test
    void aRestrictedScopeNarrowsSearchesAndRefusesOtherReads() {
        String token = patientToken("patient/Observation.rs?category=" + LAB);
        assertThat(ids(get("/Observation", token))).containsExactly(a.lab());
        assertThat(bundle(get("/Observation?_summary=count", token)).getTotal()).isEqualTo(1);
        assertThat(get("/" + a.lab(), token).status()).isEqualTo(200);
        assertForbidden(get("/" + a.vitals(), token));
    }

    @Test
    void tasksOutsideTheR4CompartmentAreConfinedByTheirForReference() {
        String token = patientToken("patient/Task.cruds");
        assertThat(ids(get("/Task", token))).containsExactly(a.task());
        assertThat(ids(get("/Task?patient=" + b.patient(), token))).isEmpty();
        assertForbidden(get("/" + b.task(), token));
        assertForbidden(send("POST", "/Task", task(b.patient()), token));
        assertThat(send("POST", "/Task", task(a.patient()), token).status()).isEqualTo(201);
    }

    @Test
    void typesThatDoNotSayWhosePatientTheyAreAreOutOfReach() {
        String token = patientToken("patient/*.cruds");
        Response binary = get("/Binary", token);
        assertForbidden(binary);
        assertThat(binary.outcome().getIssueFirstRep().getDiagnostics())
                .isEqualTo("A patient-scoped token cannot reach Binary resources: they do not say which patient they"
                        + " belong to");
        assertForbidden(get("/Bundle", token));
        assertThat(get("/Practitioner", token).status()).isEqualTo(200);
    }

    @Test
    void batchSearchesThatDodgeTheNarrowingAreNotRun() {
        String token = patientToken("patient/*.rs");
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation/?subject=" + b.patient()
                + "&_summary=count\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation/_search?subject=" + b.patient()
                + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?_summary=count\"}}]}";
        Response response = send("POST", "", batch, token);

        Bundle answer = bundle(response);
        assertThat(answer.getEntry())
                .extracting(e -> e.getResponse().getStatus().substring(0, 3))
                .containsExactly("403", "403", "200");
        assertThat(((Bundle) answer.getEntry().get(2).getResource()).getTotal()).isEqualTo(2);
        assertThat(response.body()).doesNotContain(b.lab().substring(12));
    }

    @Test
    void writesNamingThePatientBesideAnotherAreRefused() {
        String token = patientToken("patient/Observation.cruds");
        String both = observation(b.patient(), LAB, null)
                .replace(
                        "\"status\":\"final\",",
                        "\"status\":\"final\",\"performer\":[{\"reference\":\"" + a.patient() + "\"}],");
        assertForbidden(send("POST", "/Observation", both, token));
    }

    @Test
    void conditionalWritesAndMetaChangesAreRefused() {
        String token = patientToken("patient/Observation.cruds");
        Response conditional = http.send(
                "POST",
                "/Observation",
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(observation(a.patient(), LAB, null)),
                java.util.Map.of("Authorization", "Bearer " + token, "If-None-Exist", "subject=" + b.patient()));
        assertForbidden(conditional);
        assertForbidden(send("PUT", "/Observation?subject=" + b.patient(), observation(a.patient(), LAB, null), token));
        String searchReference = observation(a.patient(), LAB, null)
                .replace(
                        "\"status\":\"final\",",
                        "\"status\":\"final\",\"hasMember\":[{\"reference\":" + "\"Observation?subject=" + b.patient()
                                + "\"}],");
        assertForbidden(send("POST", "/Observation", searchReference, token));
        String meta = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":"
                + "{\"tag\":[{\"code\":\"x\"}]}}]}";
        assertForbidden(send("POST", "/" + b.lab() + "/$meta-add", meta, token));
        assertForbidden(send("POST", "/" + a.lab() + "/$meta-add", meta, token));
    }

    @Test
    void validatingWithAPatientTokenIsAnsweredNotAnError() {
        String token = patientToken("patient/*.rs");
        Response validated = send("POST", "/Patient/$validate", "{\"resourceType\":\"Patient\"}", token);
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
    }

    @Test
    void theCareGapOperationsFollowTheCompartment() {
        String token = patientToken("patient/*.rs");
        assertThat(get("/" + a.patient() + "/$care-gaps", token).status()).isEqualTo(200);
        assertForbidden(get("/" + b.patient() + "/$care-gaps", token));
        Response population = get("/Patient/$care-gaps", token);
        assertThat(population.status()).isEqualTo(403);
        assertThat(population.outcome().getIssueFirstRep().getDiagnostics()).contains("user/Patient.s");
        Response deqm = get("/Measure/$care-gaps", token);
        assertThat(deqm.status()).isEqualTo(403);
        assertThat(deqm.outcome().getIssueFirstRep().getDiagnostics()).contains("user/Patient.s");
    }

    @Test
    void theRegistryAndTheMetricsReachBeyondOnePatientAndNeedAUserOrSystemScope() {
        String token = patientToken("patient/*.rs");
        String metrics = "/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-01-31";
        Response registry = get("/Patient/$depression-registry", token);
        assertThat(registry.status()).as(registry.body()).isEqualTo(403);
        assertThat(registry.outcome().getIssueFirstRep().getDiagnostics()).contains("user/Patient.s");
        Response conflicts = get("/Patient/$plan-conflicts", token);
        assertThat(conflicts.status()).as(conflicts.body()).isEqualTo(403);
        assertThat(conflicts.outcome().getIssueFirstRep().getDiagnostics()).contains("user/Patient.s");
        Response report = get(metrics, token);
        assertThat(report.status()).as(report.body()).isEqualTo(403);
        assertThat(report.outcome().getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);

        assertThat(get("/Patient/$depression-registry?_count=1", systemToken()).status())
                .isEqualTo(200);
        assertThat(get(metrics, systemToken()).status()).isEqualTo(200);
        assertThat(get("/Patient/$plan-conflicts?_count=1", systemToken()).status())
                .isEqualTo(200);
    }

    private Record record(String name) {
        String system = systemToken();
        String patient = location(send(
                "POST",
                "/Patient",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + name + unique() + "\"}]}",
                system));
        String encounter = location(send(
                "POST",
                "/Encounter",
                "{\"resourceType\":\"Encounter\",\"status\":\"finished\","
                        + "\"class\":{\"code\":\"AMB\"},\"subject\":{\"reference\":\"" + patient + "\"}}",
                system));
        String lab = location(send("POST", "/Observation", observation(patient, LAB, encounter), system));
        String vitals = location(send("POST", "/Observation", observation(patient, VITALS, encounter), system));
        String task = location(send("POST", "/Task", task(patient), system));
        return new Record(patient, lab, vitals, encounter, task);
    }

    static String task(String patient) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\"," + "\"for\":{\"reference\":\""
                + patient + "\"}}";
    }

    static String observation(String patient, String category, String encounter) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"" + category + "\"}]}],"
                + "\"code\":{\"text\":\"" + category + "\"},\"subject\":{\"reference\":\"" + patient + "\"}"
                + (encounter == null ? "" : ",\"encounter\":{\"reference\":\"" + encounter + "\"}") + "}";
    }

    private String systemToken() {
        return token().scope("system/*.cruds").rsa();
    }

    private static String location(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.header("Location").replaceAll(".*/fhir/", "").replaceAll("/_history/.*", "");
    }

    private static Bundle bundle(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private static List<String> ids(Response response) {
        return bundle(response).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .map(Resource::getIdElement)
                .map(id -> id.toUnqualifiedVersionless().getValue())
                .toList();
    }

    private static void assertForbidden(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.outcome().getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
        assertThat(response.body()).doesNotContain(b.id());
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
