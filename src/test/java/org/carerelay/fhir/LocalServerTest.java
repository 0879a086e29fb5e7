package org.carerelay.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class LocalServerTest {

    private final LocalServer here = LocalServer.at("https://fhir.example.org/fhir/");

    @Test
    void relativeReferencesAreLocalAndKeyedByTypeAndId() {
        assertThat(here.key("Patient/1")).isEqualTo("Patient/1");
        assertThat(here.key("Patient/1/_history/3")).isEqualTo("Patient/1");
        assertThat(here.isLocal("Patient/1")).isTrue();
        assertThat(LocalServer.RELATIVE_ONLY.isLocal("Patient/1")).isTrue();
    }

    @Test
    void absoluteReferencesOnThisServerAreLocal() {
        assertThat(here.key("https://fhir.example.org/fhir/Patient/1/_history/2"))
                .isEqualTo("Patient/1");
        assertThat(here.isLocal("https://fhir.example.org/fhir/Patient/1")).isTrue();
    }

    @Test
    void absoluteReferencesToAnotherServerStayForeign() {
        String hospital = "https://hospital.example.org/fhir/ServiceRequest/X";
        assertThat(here.key(hospital)).isEqualTo(hospital);
        assertThat(here.key(hospital + "/_history/4")).isEqualTo(hospital);
        assertThat(here.isLocal(hospital)).isFalse();
        // a base that merely starts like ours is another server
        assertThat(here.isLocal("https://fhir.example.org/fhir2/Patient/1")).isFalse();
        assertThat(here.key("https://fhir.example.org/fhir2/Patient/1"))
                .isEqualTo("https://fhir.example.org/fhir2/Patient/1");
    }

    @Test
    void withoutAnAddressOnlyRelativeReferencesAreLocal() {
        LocalServer none = LocalServer.at(" ");
        assertThat(none).isSameAs(LocalServer.RELATIVE_ONLY);
        assertThat(LocalServer.at(null)).isSameAs(LocalServer.RELATIVE_ONLY);
        assertThat(none.isLocal("http://localhost:8080/fhir/Patient/1")).isFalse();
        assertThat(none.key("http://localhost:8080/fhir/Patient/1")).isEqualTo("http://localhost:8080/fhir/Patient/1");
        assertThat(References.key("https://hospital.example.org/fhir/Patient/1"))
                .isEqualTo("https://hospital.example.org/fhir/Patient/1");
    }

    @Test
    void urnContainedAndConditionalReferencesAreKeptAsTheyAreAndAreNotLocal() {
        for (String value : new String[] {"urn:uuid:1", "#p1", "Patient?identifier=x|1"}) {
            assertThat(here.key(value)).isEqualTo(value);
            assertThat(here.isLocal(value)).isFalse();
        }
        assertThat(here.isLocal(null)).isFalse();
        assertThat(here.key((String) null)).isNull();
        assertThat(here.key((Reference) null)).isNull();
        assertThat(References.key(new Reference())).isNull();
        assertThat(here.key("Patient")).isEqualTo("Patient");
    }
}
