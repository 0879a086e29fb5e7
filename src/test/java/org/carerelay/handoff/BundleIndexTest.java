package org.carerelay.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** How {@code $validate-handoff} finds the resources of a bundle: by the whole fullUrl, and by Type/id. */
class BundleIndexTest {

    private static final LocalServer HERE = LocalServer.at("https://fhir.example.org/fhir");
    private static final String THEIRS = "https://hospital.example.org/fhir/ServiceRequest/X";

    @Test
    void anEntryOfAnotherServerIsFoundByItsWholeFullUrl() {
        ServiceRequest theirs = new ServiceRequest();
        Bundle bundle = new Bundle();
        bundle.addEntry().setFullUrl(THEIRS).setResource(theirs);

        BundleIndex index = new BundleIndex(bundle, HERE);

        assertThat(index.find(THEIRS)).containsSame(theirs);
        assertThat(index.find("ServiceRequest/X")).isEmpty();
    }

    @Test
    void anEntryOnThisServerIsFoundByTypeAndIdAlsoWithoutAnId() {
        Patient ours = new Patient();
        Bundle bundle = new Bundle();
        bundle.addEntry().setFullUrl("https://fhir.example.org/fhir/Patient/p1").setResource(ours);

        BundleIndex index = new BundleIndex(bundle, HERE);

        assertThat(index.find("Patient/p1")).containsSame(ours);
        assertThat(index.find("https://fhir.example.org/fhir/Patient/p1")).containsSame(ours);
        // the guard's index, which does not know the server's address, knows it only by its whole fullUrl
        assertThat(new BundleIndex(bundle).find("Patient/p1")).isEmpty();
    }

    @Test
    void aUuidEntryIsFoundByItsUuidAndItsTypeAndId() {
        Patient patient = new Patient();
        patient.setId("p2");
        Bundle bundle = new Bundle();
        bundle.addEntry()
                .setFullUrl("urn:uuid:5d2f7c4e-0c1a-4d3b-9a51-1f7e0c2b9a10")
                .setResource(patient);

        BundleIndex index = new BundleIndex(bundle, HERE);

        assertThat(index.find("urn:uuid:5d2f7c4e-0c1a-4d3b-9a51-1f7e0c2b9a10")).containsSame(patient);
        assertThat(index.find("Patient/p2")).containsSame(patient);
    }

    @Test
    void withoutAServerAddressAnAbsoluteFullUrlIsFoundWhole() {
        ServiceRequest request = new ServiceRequest();
        request.setId("Y");
        Bundle bundle = new Bundle();
        bundle.addEntry()
                .setFullUrl("https://fhir.example.org/fhir/ServiceRequest/Y")
                .setResource(request);

        BundleIndex index = new BundleIndex(bundle, LocalServer.RELATIVE_ONLY);

        assertThat(index.find("https://fhir.example.org/fhir/ServiceRequest/Y")).containsSame(request);
    }
}
