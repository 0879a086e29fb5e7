package org.carerelay.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carerelay.handoff.HandoffProperties.GuardMode;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Handoff Tasks written through transactions race and fail as the same writes on their own do. */
class HandoffTransactionsIT extends AbstractFhirIT {

    @Autowired
    HandoffGuard guard;

    private HandoffFixtures fixtures;

    @BeforeEach
    void fixtures() {
        guard.mode(GuardMode.OFF);
        fixtures = new HandoffFixtures(client);
        guard.mode(GuardMode.ENFORCE);
    }

    @AfterEach
    void enforceAgain() {
        guard.mode(GuardMode.ENFORCE);
    }

    @Test
    void transactionWithAStaleIfMatchIsRefusedWith412AtOnce() {
        Task task = fixtures.referral();
        String id = client.create().resource(task).execute().getId().getIdPart();
        task.setId(id);
        client.update().resource(accepted(task, "first")).execute();

        Response response = transaction(put(id, accepted(task, "stale"), "W/\"1\""));

        assertThat(response.status()).as(response.body()).isEqualTo(412);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics())
                .contains("is not the current version")
                .doesNotContain("Max retries");
        assertThat(history(id)).isEqualTo(2);
    }

    @Test
    void fourConcurrentTransactionsFromTheSameVersionStoreExactlyOne() throws Exception {
        for (int round = 0; round < 3; round++) {
            Task task = fixtures.referral();
            String id = client.create().resource(task).execute().getId().getIdPart();
            task.setId(id);
            List<Callable<Response>> writes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Bundle bundle = put(id, accepted(task, "synthesis " + i), "W/\"1\"");
                writes.add(() -> transaction(bundle));
            }

            List<Response> responses = all(writes);

            assertThat(responses)
                    .extracting(Response::status)
                    .as("round %d: %s", round, responses)
                    .allMatch(status -> status == 200 || status == 409 || status == 412);
            assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
            assertThat(history(id)).isEqualTo(2);
            assertThat(provenanceActivities(id)).containsExactlyInAnyOrder("requested", "accepted");
        }
    }

    @Test
    void concurrentTransactionsWithoutIfMatchStoreOneVersionPerSuccess() throws Exception {
        Task task = fixtures.referral();
        String id = client.create().resource(task).execute().getId().getIdPart();
        task.setId(id);
        List<Callable<Response>> writes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Bundle bundle = put(id, accepted(task, "synthesis " + i), null);
            writes.add(() -> transaction(bundle));
        }

        List<Response> responses = all(writes);

        assertThat(responses).extracting(Response::status).allMatch(status -> status == 200 || status == 409);
        long stored = responses.stream().filter(r -> r.status() == 200).count();
        assertThat(stored).isPositive();
        assertThat(responses)
                .filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> assertThat(r.body()).doesNotContain("Max retries"));
        assertThat(history(id)).isEqualTo(1 + (int) stored);
    }

    @Test
    void taskReferencingAConditionallyCreatedPatientOfTheSameBundleIsStored() {
        String mrn = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 2; attempt++) {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            String patientUrn = "urn:uuid:" + UUID.randomUUID();
            Patient patient = new Patient();
            patient.addIdentifier().setSystem("urn:carerelay:test:mrn").setValue(mrn);
            bundle.addEntry()
                    .setFullUrl(patientUrn)
                    .setResource(patient)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Patient")
                    .setIfNoneExist("identifier=urn:carerelay:test:mrn|" + mrn);
            String requestUrn = "urn:uuid:" + UUID.randomUUID();
            ServiceRequest request = new ServiceRequest()
                    .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                    .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
            request.setSubject(new Reference(patientUrn));
            bundle.addEntry()
                    .setFullUrl(requestUrn)
                    .setResource(request)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("ServiceRequest");
            Task task = fixtures.referral().setFocus(new Reference(requestUrn)).setFor(new Reference(patientUrn));
            bundle.addEntry()
                    .setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(task)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Task");

            Response response = http.postJson("", FHIR.newJsonParser().encodeResourceToString(bundle));

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
            assertThat(answer.getEntry())
                    .extracting(e -> e.getResponse().getStatus().substring(0, 3))
                    .containsExactly(attempt == 0 ? "201" : "200", "201", "201");
            String patientId = new IdType(answer.getEntry().get(0).getResponse().getLocation())
                    .toUnqualifiedVersionless()
                    .getValue();
            String taskId = new IdType(answer.getEntry().get(2).getResponse().getLocation())
                    .toUnqualifiedVersionless()
                    .getIdPart();
            Task stored = client.read().resource(Task.class).withId(taskId).execute();
            assertThat(stored.getFor().getReference()).isEqualTo(patientId);
        }
        assertThat(client.search()
                        .byUrl("Patient?identifier=urn:carerelay:test:mrn|" + mrn)
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .hasSize(1);
    }

    private static Task accepted(Task task, String synthesis) {
        Task accepted = task.copy().setStatus(TaskStatus.ACCEPTED);
        accepted.getOutput().clear();
        accepted.addOutput()
                .setValue(new StringType(synthesis))
                .getType()
                .addCoding(new Coding(HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.RECEIVER_SYNTHESIS_OUTPUT, null));
        return accepted;
    }

    private static Bundle put(String id, Task task, String ifMatch) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Bundle.BundleEntryRequestComponent request = bundle.addEntry()
                .setFullUrl("Task/" + id)
                .setResource(task)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Task/" + id);
        if (ifMatch != null) {
            request.setIfMatch(ifMatch);
        }
        return bundle;
    }

    private Response transaction(Bundle bundle) {
        return http.postJson("", FHIR.newJsonParser().encodeResourceToString(bundle));
    }

    private static List<Response> all(List<Callable<Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        List<Response> responses = new ArrayList<>();
        try {
            for (Future<Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdown();
        }
        return responses;
    }

    private int history(String id) {
        return client.history()
                .onInstance(new IdType("Task", id))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .size();
    }

    private List<String> provenanceActivities(String id) {
        return client
                .search()
                .byUrl("Provenance?target=Task/" + id)
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> ((Provenance) e.getResource())
                        .getActivity()
                        .getCodingFirstRep()
                        .getCode())
                .toList();
    }
}
