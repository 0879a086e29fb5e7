package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Versioning and concurrent writes as the FHIR specification describes them. */
class ConcurrencyIT extends AbstractFhirIT {

    @Test
    void everyVersionCarriesItsETag() {
        MethodOutcome created = client.create().resource(patient("etag")).execute();
        String id = created.getId().getIdPart();

        Response first = http.get("/Patient/" + id);
        assertThat(first.header("ETag")).isEqualTo("W/\"1\"");

        Patient update = patient("etag").setBirthDateElement(new DateType("1970-01-01"));
        update.setId(id);
        client.update().resource(update).execute();

        assertThat(http.get("/Patient/" + id).header("ETag")).isEqualTo("W/\"2\"");
        assertThat(http.get("/Patient/" + id + "/_history/1").header("ETag")).isEqualTo("W/\"1\"");
    }

    @Test
    void updateWithStaleIfMatchIsRefusedWith412() {
        String id = client.create().resource(patient("stale")).execute().getId().getIdPart();
        Patient second = patient("stale-2");
        second.setId(id);
        client.update().resource(second).execute();

        String body =
                FHIR.newJsonParser().encodeResourceToString(patient("stale-3").setId(id));
        Response stale = http.send(
                "PUT",
                "/Patient/" + id,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(body),
                Map.of("If-Match", "W/\"1\""));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.outcome().getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(stale.outcome().getIssueFirstRep().getDiagnostics()).contains("version");

        Response current = http.send(
                "PUT",
                "/Patient/" + id,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(body),
                Map.of("If-Match", "W/\"2\""));
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.header("ETag")).isEqualTo("W/\"3\"");
    }

    @Test
    void staleIfMatchThroughTheClientIsPreconditionFailed() {
        String id = client.create()
                .resource(patient("client-stale"))
                .execute()
                .getId()
                .getIdPart();
        Patient update = patient("client-stale-2");
        update.setId(id);
        client.update().resource(update).execute();

        Patient stale = patient("client-stale-3");
        stale.setId("Patient/" + id + "/_history/1");
        assertThatThrownBy(() -> client.update()
                        .resource(stale)
                        .withId(stale.getIdElement())
                        .execute())
                .isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void twentyConcurrentConditionalCreatesStoreExactlyOneResource() throws Exception {
        String identifier = UUID.randomUUID().toString();
        String body = FHIR.newJsonParser().encodeResourceToString(patient(identifier));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> http.send(
                    "POST",
                    "/Patient",
                    "application/fhir+json",
                    HttpRequest.BodyPublishers.ofString(body),
                    Map.of("If-None-Exist", "identifier=urn:carerelay:test|" + identifier)));
        }
        List<Response> responses = new ArrayList<>();
        try {
            for (Future<Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(responses).extracting(Response::status).allMatch(status -> status == 200 || status == 201);
        assertThat(responses)
                .extracting(Response::status)
                .filteredOn(status -> status == 201)
                .hasSize(1);
        Set<String> locations = responses.stream()
                .map(r -> r.header("Location").replaceAll("/_history/.*", ""))
                .collect(Collectors.toSet());
        assertThat(locations).hasSize(1);
        Bundle found = client.search()
                .forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:carerelay:test", identifier))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).hasSize(1);
    }

    @Test
    void transactionWithOneBadEntryStoresNothing() {
        String identifier = UUID.randomUUID().toString();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 2; i++) {
            transaction
                    .addEntry()
                    .setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(patient(identifier))
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Patient");
        }
        Observation orphan = new Observation();
        orphan.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("orphan");
        orphan.getSubject().setReference("Patient/does-not-exist-" + identifier);
        transaction
                .addEntry()
                .setResource(orphan)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");

        String body = FHIR.newJsonParser().encodeResourceToString(transaction);
        Response response = http.postJson("", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics())
                .contains("Patient/does-not-exist-" + identifier);
        Bundle found = client.search()
                .forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:carerelay:test", identifier))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).isEmpty();
    }

    @Test
    void deletingAReferencedPatientIsRefusedWith409() {
        String patientId = client.create()
                .resource(patient("referenced"))
                .execute()
                .getId()
                .getIdPart();
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("weight");
        observation.getSubject().setReference("Patient/" + patientId);
        String observationId =
                client.create().resource(observation).execute().getId().getIdPart();

        assertThatThrownBy(
                        () -> client.delete().resourceById("Patient", patientId).execute())
                .isInstanceOf(ResourceVersionConflictException.class)
                .hasMessageContaining("Observation/" + observationId);
        assertThat(client.read()
                        .resource(Patient.class)
                        .withId(patientId)
                        .execute()
                        .getIdElement()
                        .getIdPart())
                .isEqualTo(patientId);
    }

    @Test
    void writeReferencingAMissingResourceIsRefusedWith400NamingTheReference() {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("weight");
        observation.getSubject().setReference("Patient/nobody-here");

        Response response = http.postJson("/Observation", FHIR.newJsonParser().encodeResourceToString(observation));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("Patient/nobody-here");
    }

    static Patient patient(String identifier) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:carerelay:test").setValue(identifier);
        patient.addName().setFamily("Relay").addGiven("Test");
        return patient;
    }
}
