package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.fhir.LocalServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The {@code carerelay.care-gaps} settings as an operator writes them. */
class CareGapPropertiesTest {

    @Test
    void oldCodeListKeysAreRefusedNamingTheNewOnes() {
        assertThatThrownBy(() -> bind(Map.of("carerelay.care-gaps.chronic-conditions[0]", "http://snomed.info/sct|1")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("carerelay.care-gaps.chronic-conditions is no longer read: conditions are named concepts,"
                        + " each with its SNOMED CT and ICD-10-CM codes. Move these codes to"
                        + " carerelay.care-gaps.concepts.<name> and chronic-concepts (see the README, Care gaps)");
        assertThatThrownBy(() -> bind(Map.of("carerelay.care-gaps.diabetes-conditions[0]", "x|1")))
                .rootCause()
                .hasMessageContaining("carerelay.care-gaps.concepts.diabetes");
        assertThatThrownBy(() -> bind(Map.of("carerelay.care-gaps.depression-conditions[0]", "x|1")))
                .rootCause()
                .hasMessageContaining("carerelay.care-gaps.concepts.depression");
    }

    @Test
    void aConceptGivenReplacesThatConceptAndKeepsTheOthers() {
        GapSettings settings = bind(Map.of(
                        "carerelay.care-gaps.concepts.diabetes[0]", "urn:example:local|DM",
                        "carerelay.care-gaps.concepts.gout[0]", "http://hl7.org/fhir/sid/icd-10-cm|M10",
                        "carerelay.care-gaps.chronic-concepts[0]", "diabetes",
                        "carerelay.care-gaps.chronic-concepts[1]", "gout",
                        "carerelay.care-gaps.hba1c-days", "90"))
                .settings(LocalServer.RELATIVE_ONLY);
        assertThat(settings.codesOf("diabetes")).containsExactly("urn:example:local|DM");
        assertThat(settings.codesOf("gout")).containsExactly("http://hl7.org/fhir/sid/icd-10-cm|M10");
        assertThat(settings.codesOf("depression"))
                .isEqualTo(GapSettings.defaults().codesOf("depression"));
        assertThat(settings.chronicConcepts()).containsExactly("diabetes", "gout");
        assertThat(settings.hba1cDays()).isEqualTo(90);
        assertThat(settings.referralOpenDays()).isEqualTo(30);
    }

    @Test
    void nothingGivenIsTheDefaults() {
        GapSettings settings =
                bind(Map.of("carerelay.care-gaps.lookback-days", "90")).settings(LocalServer.RELATIVE_ONLY);
        assertThat(settings).isEqualTo(GapSettings.defaults());
    }

    private static CareGapProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("carerelay.care-gaps", CareGapProperties.class)
                .get();
    }
}
