package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The standard FHIR R4 REST API, as any FHIR client uses it. */
class RestApiIT extends AbstractFhirIT {

    private final String family = "Fam" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void capabilityStatementNamesCareRelayAndItsVersion() {
        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(capabilities.getSoftware().getName()).isEqualTo("CareRelay");
        assertThat(capabilities.getSoftware().getVersion()).isNotBlank().isNotEqualTo("development");
        assertThat(capabilities.getFhirVersion()).isEqualTo(Enumerations.FHIRVersion._4_0_1);
        assertThat(capabilities.getRestFirstRep().getResource())
                .extracting(CapabilityStatement.CapabilityStatementRestResourceComponent::getType)
                .contains("Patient", "Task", "CarePlan", "CareTeam", "ServiceRequest");
        assertThat(capabilities.getRestFirstRep().getOperation())
                .extracting(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getName)
                .doesNotContain(
                        "expunge", "mark-all-resources-for-reindexing", "upload-external-code-system", "import");
        assertThat(capabilities.getRestFirstRep().getResource())
                .flatExtracting(CapabilityStatement.CapabilityStatementRestResourceComponent::getOperation)
                .extracting(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getName)
                .contains("validate", "everything")
                .doesNotContain("expunge", "hapi.fhir.merge");
    }

    @Test
    void destructiveOperationsAreRefusedWith403() {
        Response expunge = http.postJson("/$expunge", "{\"resourceType\":\"Parameters\"}");
        assertThat(expunge.status()).isEqualTo(403);
        assertThat(expunge.outcome().getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
        assertThat(expunge.outcome().getIssueFirstRep().getDiagnostics())
                .isEqualTo("Operation $expunge is disabled on this server");
        assertThat(http.postJson("/Patient/$expunge", "{\"resourceType\":\"Parameters\"}")
                        .status())
                .isEqualTo(403);
        assertThat(http.postJson("/$mark-all-resources-for-reindexing", "{\"resourceType\":\"Parameters\"}")
                        .status())
                .isEqualTo(403);
        Response upload = http.postJson("/$upload-external-code-system", "{\"resourceType\":\"Parameters\"}");
        assertThat(upload.status()).as("not registered at all").isEqualTo(400);
        assertThat(upload.outcome().getIssueFirstRep().getDiagnostics())
                .contains("does not know how to handle POST operation[$upload-external-code-system]");
    }

    @Test
    void createReadVreadUpdateDeleteAndHistory() {
        MethodOutcome created = client.create().resource(patient("Ada")).execute();
        IdType id = (IdType) created.getId();
        assertThat(created.getCreated()).isTrue();
        assertThat(id.getVersionIdPart()).isEqualTo("1");

        Patient read =
                client.read().resource(Patient.class).withId(id.getIdPart()).execute();
        assertThat(read.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Ada");

        Patient update = patient("Grace");
        update.setId(id.getIdPart());
        assertThat(client.update().resource(update).execute().getId().getVersionIdPart())
                .isEqualTo("2");

        Patient first = client.read()
                .resource(Patient.class)
                .withIdAndVersion(id.getIdPart(), "1")
                .execute();
        assertThat(first.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Ada");

        Bundle history = client.history()
                .onInstance(id.toUnqualifiedVersionless())
                .returnBundle(Bundle.class)
                .execute();
        assertThat(history.getEntry())
                .extracting(e -> e.getResource().getIdElement().getVersionIdPart())
                .containsExactly("2", "1");

        client.delete().resourceById(id.toUnqualifiedVersionless()).execute();
        assertThatThrownBy(() -> client.read()
                        .resource(Patient.class)
                        .withId(id.getIdPart())
                        .execute())
                .isInstanceOf(ResourceGoneException.class);
        assertThat(client.history()
                        .onInstance(id.toUnqualifiedVersionless())
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .extracting(e -> e.getRequest().getMethod(), e -> e.getResource() == null)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Bundle.HTTPVerb.DELETE, true),
                        org.assertj.core.groups.Tuple.tuple(Bundle.HTTPVerb.PUT, false),
                        org.assertj.core.groups.Tuple.tuple(Bundle.HTTPVerb.POST, false));
    }

    @Test
    void putWithAClientAssignedIdCreatesThenUpdates() {
        String id = "client-" + UUID.randomUUID();
        Patient patient = patient("Put");
        patient.setId(id);

        MethodOutcome first = client.update().resource(patient).execute();
        assertThat(first.getCreated()).isTrue();
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-02-03"));
        MethodOutcome second = client.update().resource(patient).execute();
        assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(second.getId().getVersionIdPart()).isEqualTo("2");
    }

    @Test
    void conditionalCreateAndConditionalUpdate() {
        String identifier = UUID.randomUUID().toString();
        Patient patient = patient("Cond");
        patient.addIdentifier().setSystem("urn:carerelay:test").setValue(identifier);
        String condition = "Patient?identifier=urn:carerelay:test|" + identifier;

        MethodOutcome created =
                client.create().resource(patient).conditionalByUrl(condition).execute();
        MethodOutcome matched =
                client.create().resource(patient).conditionalByUrl(condition).execute();
        assertThat(created.getCreated()).isTrue();
        assertThat(matched.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(matched.getId().getIdPart()).isEqualTo(created.getId().getIdPart());

        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        MethodOutcome updated =
                client.update().resource(patient).conditionalByUrl(condition).execute();
        assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
    }

    @Test
    void jsonPatchChangesOneElement() {
        String id = client.create().resource(patient("Patch")).execute().getId().getIdPart();
        String patch = "[{\"op\":\"replace\",\"path\":\"/name/0/given/0\",\"value\":\"Patched\"}]";

        Response response = http.send(
                "PATCH",
                "/Patient/" + id,
                "application/json-patch+json",
                java.net.http.HttpRequest.BodyPublishers.ofString(patch));

        assertThat(response.status()).isEqualTo(200);
        Patient read = client.read().resource(Patient.class).withId(id).execute();
        assertThat(read.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Patched");
        assertThat(read.getMeta().getVersionId()).isEqualTo("2");
    }

    @Test
    void fhirPathPatchThroughTheClient() {
        String id = client.create()
                .resource(patient("Before").setActive(true))
                .execute()
                .getId()
                .getIdPart();
        Parameters patch = new Parameters();
        Parameters.ParametersParameterComponent op = patch.addParameter().setName("operation");
        op.addPart().setName("type").setValue(new org.hl7.fhir.r4.model.CodeType("replace"));
        op.addPart().setName("path").setValue(new org.hl7.fhir.r4.model.StringType("Patient.active"));
        op.addPart().setName("value").setValue(new org.hl7.fhir.r4.model.BooleanType(false));
        client.patch().withFhirPatch(patch).withId("Patient/" + id).execute();

        assertThat(client.read().resource(Patient.class).withId(id).execute().getActive())
                .isFalse();
    }

    @Test
    void xmlIsAcceptedAndServed() {
        client.setEncoding(EncodingEnum.XML);
        String id = client.create().resource(patient("Xml")).execute().getId().getIdPart();

        Response response = http.send(
                "GET",
                "/Patient/" + id,
                null,
                java.net.http.HttpRequest.BodyPublishers.noBody(),
                java.util.Map.of("Accept", "application/fhir+xml"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/fhir+xml");
        assertThat(response.body()).contains("<given value=\"Xml\"/>");
    }

    @Test
    void searchSortsPagesAndWalksEveryPage() {
        for (int i = 0; i < 7; i++) {
            client.create()
                    .resource(patient("P" + i)
                            .setBirthDateElement(new org.hl7.fhir.r4.model.DateType("19" + (50 + i) + "-01-01")))
                    .execute();
        }
        Bundle page = client.search()
                .byUrl("Patient?family=" + family + "&_sort=-birthdate&_count=3")
                .returnBundle(Bundle.class)
                .execute();
        List<String> given = new ArrayList<>();
        int pages = 0;
        while (page != null) {
            pages++;
            page.getEntry()
                    .forEach(e -> given.add(
                            ((Patient) e.getResource()).getNameFirstRep().getGivenAsSingleString()));
            page = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : client.loadPage().next(page).execute();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(given).containsExactly("P6", "P5", "P4", "P3", "P2", "P1", "P0");
    }

    @Test
    void chainedSearchIncludeRevincludeAndHas() {
        String patientId =
                client.create().resource(patient("Chain")).execute().getId().getIdPart();
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("4548-4");
        observation.getSubject().setReference("Patient/" + patientId);
        String observationId =
                client.create().resource(observation).execute().getId().getIdPart();

        Bundle chained = search("Observation?subject:Patient.family=" + family);
        assertThat(ids(chained)).containsExactly("Observation/" + observationId);

        Bundle included = search("Observation?subject:Patient.family=" + family + "&_include=Observation:subject");
        assertThat(ids(included)).containsExactlyInAnyOrder("Observation/" + observationId, "Patient/" + patientId);

        Bundle revincluded = search("Patient?family=" + family + "&_revinclude=Observation:subject");
        assertThat(ids(revincluded)).containsExactlyInAnyOrder("Observation/" + observationId, "Patient/" + patientId);

        Bundle has = search("Patient?family=" + family + "&_has:Observation:subject:code=http://loinc.org|4548-4");
        assertThat(ids(has)).containsExactly("Patient/" + patientId);
        assertThat(ids(search("Patient?family=" + family + "&_has:Observation:subject:code=http://loinc.org|1-8")))
                .isEmpty();
    }

    @Test
    void transactionResolvesUrnUuidReferencesAndBatchAnswersPerEntry() {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientUrn = "urn:uuid:" + UUID.randomUUID();
        transaction
                .addEntry()
                .setFullUrl(patientUrn)
                .setResource(patient("Tx"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("tx");
        observation.getSubject().setReference(patientUrn);
        transaction
                .addEntry()
                .setResource(observation)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");

        Bundle response = client.transaction().withBundle(transaction).execute();
        assertThat(response.getEntry())
                .extracting(e -> e.getResponse().getStatus())
                .containsExactly("201 Created", "201 Created");
        String patientId = new IdType(response.getEntry().get(0).getResponse().getLocation()).getIdPart();
        String observationId =
                new IdType(response.getEntry().get(1).getResponse().getLocation()).getIdPart();
        Bundle observations = search("Observation?subject=Patient/" + patientId);
        assertThat(observations.getEntry())
                .extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(observationId);

        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + patientId);
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/not-there-" + patientId);
        Bundle batchResponse = client.transaction().withBundle(batch).execute();
        assertThat(batchResponse.getEntry())
                .extracting(e -> e.getResponse().getStatus().substring(0, 3))
                .containsExactly("200", "404");
    }

    @Test
    void validateChecksAgainstTheBaseR4Definitions() {
        Observation incomplete = new Observation();
        incomplete.getSubject().setReference("Patient/x");

        Response response =
                http.postJson("/Observation/$validate", FHIR.newJsonParser().encodeResourceToString(incomplete));

        OperationOutcome outcome = response.outcome();
        assertThat(outcome.getIssue())
                .filteredOn(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
                .extracting(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                .anySatisfy(d -> assertThat(d).contains("Observation.status"))
                .anySatisfy(d -> assertThat(d).contains("Observation.code"));

        Observation complete = new Observation();
        complete.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("weight");
        Response valid =
                http.postJson("/Observation/$validate", FHIR.newJsonParser().encodeResourceToString(complete));
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.outcome().getIssue()).noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
    }

    @Test
    void patientEverythingReturnsThePatientAndItsCompartment() {
        String patientId =
                client.create().resource(patient("Every")).execute().getId().getIdPart();
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("everything");
        observation.getSubject().setReference("Patient/" + patientId);
        String observationId =
                client.create().resource(observation).execute().getId().getIdPart();

        Bundle everything = client.operation()
                .onInstance(new IdType("Patient", patientId))
                .named("$everything")
                .withNoParameters(Parameters.class)
                .returnResourceType(Bundle.class)
                .execute();

        assertThat(ids(everything)).containsExactlyInAnyOrder("Patient/" + patientId, "Observation/" + observationId);
    }

    private Bundle search(String url) {
        return client.search().byUrl(url).returnBundle(Bundle.class).execute();
    }

    static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .map(Resource::getIdElement)
                .map(id -> id.getResourceType() + "/" + id.getIdPart())
                .toList();
    }

    private Patient patient(String given) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven(given);
        return patient;
    }
}
