package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The token-index probe that lets a population read leave out searches for codes nothing carries. */
class StoredCodesIT extends AbstractFhirIT {

    private static final String SYSTEM = "https://carerelay.org/fhir/test/stored-codes";

    @Autowired
    StoredCodes storedCodes;

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

        assertThat(storedCodes.present(
                        "Observation",
                        Observation.SP_CODE,
                        List.of(SYSTEM + "|" + coded, SYSTEM + "|" + valued, SYSTEM + "|" + onACondition, absent)))
                .containsExactly(SYSTEM + "|" + coded);
        assertThat(storedCodes.present(
                        "Observation", Observation.SP_VALUE_CONCEPT, List.of(SYSTEM + "|" + valued, absent)))
                .containsExactly(SYSTEM + "|" + valued);
        // without a system the index is not asked: the code counts as present
        assertThat(storedCodes.present("Observation", Observation.SP_CODE, List.of("|" + coded, absent)))
                .containsExactly("|" + coded);
        assertThat(storedCodes.present("Observation", Observation.SP_CODE, List.of()))
                .isEmpty();
    }
}
