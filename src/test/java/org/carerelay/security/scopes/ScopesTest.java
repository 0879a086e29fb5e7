package org.carerelay.security.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.security.scopes.Context.PATIENT;
import static org.carerelay.security.scopes.Context.SYSTEM;
import static org.carerelay.security.scopes.Context.USER;
import static org.carerelay.security.scopes.Permission.CREATE;
import static org.carerelay.security.scopes.Permission.DELETE;
import static org.carerelay.security.scopes.Permission.READ;
import static org.carerelay.security.scopes.Permission.SEARCH;
import static org.carerelay.security.scopes.Permission.UPDATE;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScopesTest {

    private static final Set<Context> ANY = EnumSet.allOf(Context.class);

    @Nested
    class Covering {
        @Test
        void unrestrictedGrantsComeFirstThenClaimOrder() {
            Scopes scopes = Scopes.parse("patient/Observation.rs?category=laboratory"
                    + " patient/Observation.r?category=vital-signs"
                    + " user/*.read"
                    + " patient/Observation.rs");
            assertThat(scopes.covering("Observation", READ, ANY))
                    .extracting(Scope::text)
                    .containsExactly(
                            "user/*.read",
                            "patient/Observation.rs",
                            "patient/Observation.rs?category=laboratory",
                            "patient/Observation.r?category=vital-signs");
        }

        @Test
        void onlyGrantsInTheGivenContextsCount() {
            Scopes scopes = Scopes.parse("user/*.read patient/Observation.rs?category=laboratory system/Observation.r");
            assertThat(scopes.covering("Observation", READ, EnumSet.of(PATIENT)))
                    .extracting(Scope::text)
                    .containsExactly("patient/Observation.rs?category=laboratory");
            assertThat(scopes.covering("Observation", READ, EnumSet.of(USER, SYSTEM)))
                    .extracting(Scope::text)
                    .containsExactly("user/*.read", "system/Observation.r");
            assertThat(scopes.covering("Observation", READ, EnumSet.noneOf(Context.class)))
                    .isEmpty();
        }

        @Test
        void grantsForOtherTypesOrPermissionsAreLeftOut() {
            Scopes scopes = Scopes.parse("patient/Condition.rs patient/Observation.s patient/Observation.cu");
            assertThat(scopes.covering("Observation", READ, ANY)).isEmpty();
            assertThat(scopes.covering("Observation", SEARCH, ANY))
                    .extracting(Scope::text)
                    .containsExactly("patient/Observation.s");
            assertThat(scopes.covering("Observation", UPDATE, ANY))
                    .extracting(Scope::text)
                    .containsExactly("patient/Observation.cu");
            assertThat(scopes.covering("Observation", DELETE, ANY)).isEmpty();
        }

        @Test
        void onlyRestrictedGrantsDoNotCoverUnrestricted() {
            Scopes scopes = Scopes.parse("patient/Observation.rs?category=laboratory");
            assertThat(scopes.covering("Observation", READ, ANY))
                    .singleElement()
                    .satisfies(grant -> assertThat(grant.restricted()).isTrue());
        }

        @Test
        void anUnrestrictedGrantCoversUnrestricted() {
            Scopes scopes = Scopes.parse("patient/Observation.rs?category=laboratory patient/*.read");
            assertThat(scopes.covering("Observation", READ, ANY))
                    .extracting(Scope::text)
                    .containsExactly("patient/*.read", "patient/Observation.rs?category=laboratory");
            assertThat(scopes.covering("Observation", CREATE, ANY)).isEmpty();
        }

        @Test
        void anUnrestrictedGrantInAnotherContextDoesNotCount() {
            Scopes scopes = Scopes.parse("patient/Observation.rs?category=laboratory user/Observation.rs");
            assertThat(scopes.covering("Observation", READ, EnumSet.of(PATIENT)))
                    .extracting(Scope::text)
                    .containsExactly("patient/Observation.rs?category=laboratory");
            assertThat(scopes.covering("Observation", READ, EnumSet.of(USER)))
                    .extracting(Scope::text)
                    .containsExactly("user/Observation.rs");
        }
    }

    @Nested
    class Needed {
        @Test
        void namesContextTypeAndLetter() {
            assertThat(Scopes.needed(PATIENT, "Observation", READ)).isEqualTo("patient/Observation.r");
            assertThat(Scopes.needed(USER, "Task", CREATE)).isEqualTo("user/Task.c");
            assertThat(Scopes.needed(SYSTEM, "Patient", SEARCH)).isEqualTo("system/Patient.s");
            assertThat(Scopes.needed(USER, "Encounter", UPDATE)).isEqualTo("user/Encounter.u");
            assertThat(Scopes.needed(PATIENT, "Condition", DELETE)).isEqualTo("patient/Condition.d");
        }

        @Test
        void theSuggestionIsAScopeThatWouldGrantIt() {
            for (Context context : Context.values()) {
                for (Permission permission : Permission.values()) {
                    String needed = Scopes.needed(context, "Observation", permission);
                    assertThat(Scopes.parse(needed).covering("Observation", permission, EnumSet.of(context)))
                            .extracting(Scope::text)
                            .containsExactly(needed);
                }
            }
        }
    }
}
