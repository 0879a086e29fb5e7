package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The targets of a write's references are looked up together before HAPI links them: every reference is linked to the
 * resource it names, one to nothing stored is refused as before, and one to a resource that an earlier entry of the
 * same transaction deletes is refused too.
 */
class WriteReferencesIT extends AbstractFhirIT {

    private String patient;
    private String encounter;
    private String nurse;
    private String doctor;
    private String marker;

    @BeforeEach
    void stored() {
        marker = UUID.randomUUID().toString();
        Patient someone = new Patient();
        someone.addName().setFamily("Refs-" + marker);
        patient = create(client, someone);
        encounter = create(
                client,
                new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference(patient)));
        nurse = create(client, new Practitioner().addName(new HumanName().setFamily("Nurse")));
        doctor = create(client, new Practitioner().addName(new HumanName().setFamily("Doctor")));
    }

    @Test
    void everyReferenceIsLinkedToTheResourceItNames() {
        Response created = http.postJson("/Observation", json(observation(encounter, nurse, doctor)));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        for (String search : new String[] {
            "subject=" + patient, "encounter=" + encounter, "performer=" + nurse, "performer=" + doctor
        }) {
            assertThat(count("Observation?code=urn:carerelay:it:refs|" + marker + "&" + search))
                    .as(search)
                    .isEqualTo(1);
        }
    }

    @Test
    void aReferenceToNothingStoredIsRefusedNamingIt() {
        String missing = "Practitioner/missing-" + marker;

        Response refused = http.postJson("/Observation", json(observation(encounter, nurse, missing)));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.outcome().getIssueFirstRep().getSeverity()).isEqualTo(IssueSeverity.ERROR);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics())
                .endsWith("Resource " + missing + " not found, specified in path: Observation.performer");
        assertThat(count("Observation?code=urn:carerelay:it:refs|" + marker)).isZero();
    }

    @Test
    void aReferenceToWhatTheSameTransactionDeletesIsRefused() {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(encounter);
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(observation(encounter, nurse, doctor))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");

        Response refused = http.postJson("", json(transaction));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics())
                .endsWith("Resource " + encounter + " is deleted, specified in path: Observation.encounter");
        assertThat(http.get("/" + encounter).status()).isEqualTo(200);
        assertThat(count("Observation?code=urn:carerelay:it:refs|" + marker)).isZero();
    }

    @Test
    void aTransactionThatDeletesAndWritesAgainTheSameResourceKeepsItsOneRow() {
        String id = "refs-" + marker;
        Patient again = new Patient();
        again.setId(id);
        again.addName().setFamily("Before");
        assertThat(http.send(
                                "PUT",
                                "/Patient/" + id,
                                "application/fhir+json",
                                java.net.http.HttpRequest.BodyPublishers.ofString(json(again)))
                        .status())
                .isEqualTo(201);
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl("Patient/" + id);
        Observation observation = observation(encounter, nurse);
        observation.setSubject(new Reference("Patient/" + id));
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(observation)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");
        again.getNameFirstRep().setFamily("After");
        transaction
                .addEntry()
                .setFullUrl("Patient/" + id)
                .setResource(again)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Patient/" + id);

        Response stored = http.postJson("", json(transaction));

        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(client.read()
                        .resource(Patient.class)
                        .withId(id)
                        .execute()
                        .getNameFirstRep()
                        .getFamily())
                .isEqualTo("After");
        assertThat(count("Patient?_id=" + id)).isEqualTo(1);
        assertThat(count("Observation?code=urn:carerelay:it:refs|" + marker + "&subject=Patient/" + id))
                .isEqualTo(1);
    }

    private Observation observation(String encounter, String... performers) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("urn:carerelay:it:refs").setCode(marker);
        observation.setSubject(new Reference(patient)).setEncounter(new Reference(encounter));
        for (String performer : performers) {
            observation.addPerformer(new Reference(performer));
        }
        return observation;
    }

    private static String json(org.hl7.fhir.r4.model.Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }
}
