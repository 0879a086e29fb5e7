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
        assertThat(ScopePolicy.grantable(
                        asked("patient/Observation.rs", "patient/*.r", "patient/Patient.read"), APP, false))
                .containsExactly("patient/Observation.rs", "patient/*.r", "patient/Patient.read");
    }

    @Test
    void moreThanAllowedIsDropped() {
        assertThat(ScopePolicy.grantable(
                        asked("patient/*.cruds", "user/Observation.rs", "user/Patient.rs", "online_access"),
                        APP,
                        false))
                .containsExactly("user/Observation.rs");
    }

    @Test
    void namedScopesNeedToBeAllowedByName() {
        assertThat(ScopePolicy.grantable(asked("openid", "fhirUser", "launch", "offline_access"), APP, false))
                .containsExactly("openid", "fhirUser", "offline_access");
    }

    @Test
    void anInteractiveAppNeverGetsASystemScope() {
        assertThat(ScopePolicy.grantable(asked("system/*.rs"), List.of("system/*.rs"), false))
                .isEmpty();
    }

    @Test
    void aRestrictedAllowanceAdmitsOnlyTheSameRestriction() {
        List<String> allowed = List.of("patient/Observation.rs?category=laboratory");

        assertThat(ScopePolicy.grantable(
                        asked("patient/Observation.rs?category=laboratory", "patient/Observation.rs"), allowed, false))
                .containsExactly("patient/Observation.rs?category=laboratory");
    }

    @Test
    void aPersonWhoIsAPatientGetsNoUserScope() {
        assertThat(ScopePolicy.grantable(asked("user/Observation.rs", "patient/*.rs", "openid"), APP, true))
                .containsExactly("patient/*.rs", "openid");
    }

    @Test
    void onlineAccessAndLaunchEncounterAreKnownButNeverGranted() {
        List<String> generous = List.of("online_access", "launch/encounter", "patient/*.rs");

        assertThat(ScopePolicy.unknown(asked("online_access", "launch/encounter")))
                .isEmpty();
        assertThat(ScopePolicy.grantable(asked("online_access", "launch/encounter", "patient/*.rs"), generous, false))
                .containsExactly("patient/*.rs");
    }

    @Test
    void tooManyScopesAreNamedAsSuch() {
        Set<String> many = new LinkedHashSet<>();
        for (int i = 0; many.size() < 100; i++) {
            many.add("patient/Observation" + i + ".rs");
        }

        assertThat(ScopePolicy.tooMany(many)).isTrue();
        assertThat(ScopePolicy.tooMany(asked("patient/*.rs", "openid"))).isFalse();
    }

    @Test
    void unknownScopesAreNamed() {
        assertThat(ScopePolicy.unknown(asked("openid", "patient/*.rs", "bogus", "patient/Foo.xyz")))
                .contains("bogus");
        assertThat(ScopePolicy.unknown(asked("openid", "launch/patient", "offline_access", "profile")))
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
