package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.H2Settings;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * On the embedded database HAPI's query for what links to a patient names HAPI's target index, as the schema the
 * server made calls it; on PostgreSQL nothing is rewritten. Either way {@code $everything} pages through exactly the
 * patient's records. The embedded database is set to keep values up to 64 KB in their rows (where they are then
 * stored: {@link H2ValuesInRowTest}).
 */
class H2PlansIT extends AbstractFhirIT {

    @Autowired
    H2Plans plans;

    @Autowired
    DataSource dataSource;

    @Test
    void theQueryForLinksToAPatientNamesTheTargetIndexOnlyOnTheEmbeddedDatabase() {
        String inspected = plans.inspect(H2PlansTest.EVERYTHING);

        if ("postgres".equals(TestDatabase.name())) {
            assertThat(inspected).isEqualTo(H2PlansTest.EVERYTHING);
        } else {
            assertThat(inspected).contains("FROM HFJ_RES_LINK t0 USE INDEX (\"IDX_RL_TGT_V2\") INNER JOIN");
        }
    }

    @Test
    void theEmbeddedDatabaseIsSetToKeepValuesUpTo64KbInTheirRows() {
        assumeFalse("postgres".equals(TestDatabase.name()), "an H2 setting; PostgreSQL keeps its own");

        assertThat(H2Settings.value(dataSource, "MAX_LENGTH_INPLACE_LOB"))
                .containsExactly(String.valueOf(H2ValuesInRow.IN_ROW_BYTES));
    }

    @Test
    void everythingPagesThroughExactlyThePatientsRecords() {
        String patient = create(client, new Patient().setActive(true));
        Set<String> expected = new HashSet<>(Set.of(patient));
        for (int i = 0; i < 25; i++) {
            Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
            observation.getCode().setText("plans " + i);
            observation.setSubject(new Reference(patient));
            expected.add(create(client, observation));
        }
        create(client, new Observation().setStatus(Observation.ObservationStatus.FINAL));

        List<String> seen = new ArrayList<>();
        Bundle page = client.search()
                .byUrl(baseUrl() + "/" + patient + "/$everything?_count=10")
                .returnBundle(Bundle.class)
                .execute();
        while (true) {
            page.getEntry()
                    .forEach(entry -> seen.add(entry.getResource()
                            .getIdElement()
                            .toUnqualifiedVersionless()
                            .getValue()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }

        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }
}
