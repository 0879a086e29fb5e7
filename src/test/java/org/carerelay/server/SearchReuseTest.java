package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchReuseTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "?code=http%3A%2F%2Floinc.org%7C1234-5&status=final",
                "?_count=1&_include=Observation%3Apatient&_include:iterate=Patient%3Ageneral-practitioner&patient=Patient%2F1",
                "?_revinclude=Provenance%3Atarget&_sort=-date&_total=accurate",
                "?subject:Patient=1&_id=a,b&code:text=sugar&_tag=x%7Cy&_lastUpdated=ge2020",
                "?name:missing=true&identifier:of-type=a%7Cb%7Cc&url:contains=x",
                ""
            })
    void aSearchOfTheTypesOwnParametersDependsOnItsOwnWrites(String query) {
        assertThat(SearchReuse.readsOtherResources(query)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "?subject.name=smith",
                "?subject:Patient.name=smith",
                "?subject%3APatient.name=smith",
                "?_has:Observation:patient:code=1234-5",
                "?_has%3AObservation%3Apatient%3Acode=1234-5",
                "?_list=42",
                "?_filter=name%20eq%20x",
                "?_text=x",
                "?_content=x",
                "?code:in=http%3A%2F%2Fexample.org%2FValueSet%2Fa",
                "?code:not-in=http%3A%2F%2Fexample.org%2FValueSet%2Fa",
                "?code:below=http%3A%2F%2Fsnomed.info%2Fsct%7C123",
                "?code:above=http%3A%2F%2Fsnomed.info%2Fsct%7C123",
                "?status=final&_sort=patient.name"
            })
    void aSearchThatReachesIntoOtherResourcesDependsOnEveryWrite(String query) {
        assertThat(SearchReuse.readsOtherResources(query)).isTrue();
    }

    @Test
    void aWriteMovesTheHorizonOfItsOwnTypeAndOfSearchesIntoOthers() {
        SearchReuse reuse = new SearchReuse();
        Instant before = Instant.now();

        reuse.created(new Observation());

        assertThat(reuse.reusableIfBegunAfter("Observation", "?code=1")).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter("Observation", "?code=1")).isBeforeOrEqualTo(Instant.now());
        assertThat(reuse.reusableIfBegunAfter("Patient", "?name=x")).isEqualTo(Instant.EPOCH);
        assertThat(reuse.reusableIfBegunAfter("Patient", "?_has:Observation:patient:code=1"))
                .isAfterOrEqualTo(before.minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter(null, "?_id=1")).isAfterOrEqualTo(before.minusMillis(1));
    }

    @Test
    void updatesAndDeletesMoveItToo() {
        SearchReuse reuse = new SearchReuse();
        Instant before = Instant.now();

        reuse.updated(new AuditEvent(), new AuditEvent());
        reuse.deleted(new Observation());

        assertThat(reuse.reusableIfBegunAfter("AuditEvent", "?type=x")).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter("Observation", "?code=1")).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter("Patient", "?name=x")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void aSearchParameterWriteMovesItForEveryType() {
        SearchReuse reuse = new SearchReuse();
        Instant before = Instant.now();

        reuse.created(new SearchParameter());

        assertThat(reuse.reusableIfBegunAfter("Patient", "?name=x")).isAfterOrEqualTo(before.minusMillis(1));
    }
}
