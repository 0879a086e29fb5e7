package org.carerelay.security.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopePolicyTest {

    private static final List<String> APP =
            List.of("openid", "fhirUser", "launch/patient", "patient/*.rs", "user/Observation.cruds", "offline_access");
    private static final List<String> BACKEND = List.of("system/*.rs", "system/Patient.c");

    @Test
    void aResourceScopeIsGrantedWhenAnAllowedOneCoversIt() {
        assertThat(ScopePolicy.grantable(asked("patient/Observation.rs", "patient/*.r", "patient/Patient.read"), APP))
                .containsExactly("patient/Observation.rs", "patient/*.r", "patient/Patient.read");
    }

    @Test
    void moreThanAllowedIsDropped() {
        assertThat(ScopePolicy.grantable(
                        asked("patient/*.cruds", "user/Observation.rs", "user/Patient.rs", "online_access"), APP))
                .containsExactly("user/Observation.rs");
    }

    @Test
    void namedScopesNeedToBeAllowedByName() {
        assertThat(ScopePolicy.grantable(asked("openid", "fhirUser", "launch", "offline_access"), APP))
                .containsExactly("openid", "fhirUser", "offline_access");
    }

    @Test
    void anInteractiveAppNeverGetsASystemScope() {
        assertThat(ScopePolicy.grantable(asked("system/*.rs"), List.of("system/*.rs")))
                .isEmpty();
    }

    @Test
    void aRestrictedAllowanceAdmitsOnlyTheSameRestriction() {
        List<String> allowed = List.of("patient/Observation.rs?category=laboratory");

        assertThat(ScopePolicy.grantable(
                        asked("patient/Observation.rs?category=laboratory", "patient/Observation.rs"), allowed))
                .containsExactly("patient/Observation.rs?category=laboratory");
    }

    @Test
    void unknownScopesAreNamed() {
        assertThat(ScopePolicy.unknown(asked("openid", "patient/*.rs", "bogus", "patient/Foo.xyz")))
                .contains("bogus");
        assertThat(ScopePolicy.unknown(asked("openid", "launch/encounter", "online_access", "profile")))
                .isEmpty();
    }

    @Test
    void aBackendServiceGetsOnlyCoveredSystemScopes() {
        assertThat(ScopePolicy.refusedToBackend(asked("system/Observation.rs", "system/Patient.c"), BACKEND))
                .isEmpty();
        assertThat(ScopePolicy.refusedToBackend(asked("system/Patient.rs", "patient/*.rs"), BACKEND))
                .contains("patient/*.rs");
        assertThat(ScopePolicy.refusedToBackend(asked("system/Patient.u"), BACKEND))
                .contains("system/Patient.u");
        assertThat(ScopePolicy.refusedToBackend(asked("openid"), BACKEND)).contains("openid");
    }

    @Test
    void scopesAreDescribedInWords() {
        assertThat(ScopeText.describe("patient/*.rs")).isEqualTo("Read, search all records of the patient");
        assertThat(ScopeText.describe("user/Observation.cu"))
                .isEqualTo("Create, update Observation records you may see");
        assertThat(ScopeText.describe("patient/Observation.rs?category=laboratory"))
                .isEqualTo("Read, search Observation records of the patient (only some)");
        assertThat(ScopeText.describe("offline_access")).isEqualTo("Keep access after you close it");
        assertThat(ScopeText.describe("weird")).isEqualTo("weird");
    }

    private static Set<String> asked(String... scopes) {
        return new LinkedHashSet<>(List.of(scopes));
    }
}
