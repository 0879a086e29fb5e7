package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The index probes that let a population read leave out searches that could match nothing. */
class StoredIndexIT extends AbstractFhirIT {

    private static final String SYSTEM = "https://carerelay.org/fhir/test/stored-codes";

    @Autowired
    StoredIndex storedIndex;

    @Autowired
    DaoRegistry daos;

    @Test
    void namesTheTypesThatReferenceAPatientOfTheBatchAndAsksEverySearchWithoutRowIds() {
        String referenced = create(client, new Patient());
        String alone = create(client, new Patient());
        create(client, new Condition().setSubject(new Reference(referenced)));
        create(client, new Encounter().setSubject(new Reference(referenced)));
        IFhirResourceDao<Patient> patients = daos.getResourceDao(Patient.class);

        assertThat(storedIndex.referencing(List.of(patients.read(new IdType(referenced), new SystemRequestDetails()))))
                .hasValueSatisfying(types -> assertThat(types).containsExactlyInAnyOrder("Condition", "Encounter"));
        assertThat(storedIndex.referencing(List.of(patients.read(new IdType(alone), new SystemRequestDetails()))))
                .hasValueSatisfying(types -> assertThat(types).isEmpty());
        // a patient not read from the store (no row id): every search is asked
        assertThat(storedIndex.referencing(List.of(new Patient().setId(referenced))))
                .isEmpty();
    }

    @Test
    void findsExactlyTheCodesAStoredResourceOfTheTypeCarriesInTheParameter() {
        String coded = UUID.randomUUID().toString();
        String valued = UUID.randomUUID().toString();
        String onACondition = UUID.randomUUID().toString();
        create(
                client,
                new Observation()
                        .setStatus(Observation.ObservationStatus.FINAL)
                        .setCode(new CodeableConcept(new Coding(SYSTEM, coded, null)))
                        .setValue(new CodeableConcept(new Coding(SYSTEM, valued, null))));
        create(client, new Condition().setCode(new CodeableConcept(new Coding(SYSTEM, onACondition, null))));
        String absent = SYSTEM + "|" + UUID.randomUUID();

        assertThat(storedIndex.present(
                        "Observation",
                        Observation.SP_CODE,
                        List.of(SYSTEM + "|" + coded, SYSTEM + "|" + valued, SYSTEM + "|" + onACondition, absent)))
                .containsExactly(SYSTEM + "|" + coded);
        assertThat(storedIndex.present(
                        "Observation", Observation.SP_VALUE_CONCEPT, List.of(SYSTEM + "|" + valued, absent)))
                .containsExactly(SYSTEM + "|" + valued);
        // without a system the index is not asked: the code counts as present
        assertThat(storedIndex.present("Observation", Observation.SP_CODE, List.of("|" + coded, absent)))
                .containsExactly("|" + coded);
        assertThat(storedIndex.present("Observation", Observation.SP_CODE, List.of()))
                .isEmpty();
    }
}
