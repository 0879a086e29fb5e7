package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** An operation named by a batch or transaction entry is refused with 400 naming it, and stores nothing. */
class BundleOperationsIT extends AbstractFhirIT {

    @Test
    void batchRefusesEachOperationEntryAloneAndRunsTheOthers() {
        String patient = create(client, new Patient().setActive(true));
        String marker = UUID.randomUUID().toString();
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(patient + "/$care-gaps");
        batch.addEntry()
                .setResource(new Parameters())
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(patient + "/$expunge");
        entry(batch, marked(marker));
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(patient);

        Response response = http.postJson("", FHIR.newJsonParser().encodeResourceToString(batch));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        assertThat(answer.getEntry())
                .extracting(e -> e.getResponse().getStatus().substring(0, 3))
                .containsExactly("400", "400", "201", "200");
        assertThat(issue(answer.getEntry().get(0)))
                .extracting(
                        OperationOutcomeIssueComponent::getCode,
                        i -> i.getExpression().get(0).getValue(),
                        OperationOutcomeIssueComponent::getDiagnostics)
                .containsExactly(
                        OperationOutcome.IssueType.NOTSUPPORTED,
                        "Bundle.entry[0].request.url",
                        "Bundle entry 0 calls the operation $care-gaps; operations cannot run inside a batch or"
                                + " transaction, call it on its own");
        assertThat(issue(answer.getEntry().get(1)))
                .extracting(i -> i.getExpression().get(0).getValue(), OperationOutcomeIssueComponent::getDiagnostics)
                .containsExactly(
                        "Bundle.entry[1].request.url",
                        "Bundle entry 1 calls the operation $expunge; operations cannot run inside a batch or"
                                + " transaction, call it on its own");
        assertThat(answer.getEntry().get(0).getResource()).isNull();
        assertThat(answer.getEntry().get(1).getResource()).isNull();
        assertThat(storedParameters()).isZero();
        assertThat(count("Patient?identifier=urn:carerelay:test|" + marker)).isEqualTo(1);
    }

    @Test
    void transactionWithAnOperationEntryIsRefusedWholeAndStoresNothing() {
        String patient = create(client, new Patient().setActive(true));
        String marker = UUID.randomUUID().toString();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        entry(transaction, marked(marker));
        transaction
                .addEntry()
                .setResource(new Parameters())
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(patient + "/$expunge");

        Response response = http.postJson("", FHIR.newJsonParser().encodeResourceToString(transaction));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.outcome().getIssue())
                .extracting(
                        OperationOutcomeIssueComponent::getCode,
                        i -> i.getExpression().get(0).getValue())
                .containsExactly(tuple(OperationOutcome.IssueType.NOTSUPPORTED, "Bundle.entry[1].request.url"));
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("$expunge");
        assertThat(storedParameters()).isZero();
        assertThat(count("Patient?identifier=urn:carerelay:test|" + marker)).isZero();
    }

    @Test
    void operationsAreFoundInEveryPartOfTheEntryUrl() {
        assertThat(BundleOperationEntries.operationOf("Patient/1/$everything?_count=1"))
                .contains("$everything");
        assertThat(BundleOperationEntries.operationOf("$expunge")).contains("$expunge");
        assertThat(BundleOperationEntries.operationOf("Measure/$care-gaps")).contains("$care-gaps");
        assertThat(BundleOperationEntries.operationOf("Patient?name=$x")).isEmpty();
        assertThat(BundleOperationEntries.operationOf("Patient/1")).isEmpty();
    }

    private static Patient marked(String marker) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:carerelay:test").setValue(marker);
        return patient;
    }

    private static void entry(Bundle bundle, Resource resource) {
        bundle.addEntry()
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(resource.fhirType());
    }

    private static OperationOutcomeIssueComponent issue(Bundle.BundleEntryComponent entry) {
        OperationOutcome outcome = (OperationOutcome) entry.getResponse().getOutcome();
        assertThat(outcome.getIssue()).hasSize(1);
        return outcome.getIssueFirstRep();
    }

    /** Parameters is no resource a server stores; HAPI would store a batch entry's operation input as one. */
    private int storedParameters() {
        Response search = http.get("/Parameters?_summary=count");
        assertThat(search.status()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, search.body()).getTotal();
    }
}
