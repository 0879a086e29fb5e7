package org.carerelay.security.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.carerelay.security.scopes.Permission.CREATE;
import static org.carerelay.security.scopes.Permission.DELETE;
import static org.carerelay.security.scopes.Permission.READ;
import static org.carerelay.security.scopes.Permission.SEARCH;
import static org.carerelay.security.scopes.Permission.UPDATE;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeParsingTest {

    /** The one grant a single-scope claim holds; fails the test if the scope was not read as a grant. */
    private static Scope grant(String claim) {
        Scopes scopes = Scopes.parse(claim);
        assertThat(scopes.other()).as("not understood").isEmpty();
        assertThat(scopes.grants()).hasSize(1);
        return scopes.grants().get(0);
    }

    @Nested
    class V2 {
        @Test
        void readAndSearchOnOneTypeForThePatientInContext() {
            assertThat(grant("patient/Observation.rs"))
                    .isEqualTo(new Scope(
                            Context.PATIENT,
                            "Observation",
                            EnumSet.of(READ, SEARCH),
                            Map.of(),
                            "patient/Observation.rs"));
        }

        @Test
        void eachContextIsRead() {
            assertThat(Scopes.parse("patient/Patient.r user/Encounter.s system/Group.c")
                            .grants())
                    .extracting(Scope::context, Scope::resourceType, Scope::permissions)
                    .containsExactly(
                            tuple(Context.PATIENT, "Patient", EnumSet.of(READ)),
                            tuple(Context.USER, "Encounter", EnumSet.of(SEARCH)),
                            tuple(Context.SYSTEM, "Group", EnumSet.of(CREATE)));
        }

        @Test
        void createUpdateDelete() {
            assertThat(grant("user/Task.cud").permissions()).containsExactly(CREATE, UPDATE, DELETE);
        }

        @Test
        void allFiveLetters() {
            assertThat(grant("system/Patient.cruds").permissions())
                    .containsExactly(CREATE, READ, UPDATE, DELETE, SEARCH);
        }

        @Test
        void wildcardTypeCoversEveryType() {
            Scope scope = grant("user/*.rs");
            assertThat(scope.resourceType()).isEqualTo("*");
            assertThat(scope.covers("Observation", READ)).isTrue();
            assertThat(scope.covers("Patient", SEARCH)).isTrue();
            assertThat(scope.covers("Patient", UPDATE)).isFalse();
        }

        @Test
        void aNamedTypeCoversOnlyItself() {
            Scope scope = grant("patient/Observation.rs");
            assertThat(scope.covers("Observation", READ)).isTrue();
            assertThat(scope.covers("Observation", CREATE)).isFalse();
            assertThat(scope.covers("Condition", READ)).isFalse();
            assertThat(scope.covers("*", READ)).isFalse();
        }

        @Test
        void anUnrestrictedScopeHasAnEmptyRestriction() {
            Scope scope = grant("patient/Observation.rs");
            assertThat(scope.restriction()).isEmpty();
            assertThat(scope.restricted()).isFalse();
        }
    }

    @Nested
    class V1 {
        @Test
        void readIsReadAndSearch() {
            assertThat(grant("patient/Observation.read").permissions()).containsExactly(READ, SEARCH);
        }

        @Test
        void writeIsCreateUpdateDelete() {
            assertThat(grant("user/Observation.write").permissions()).containsExactly(CREATE, UPDATE, DELETE);
        }

        @Test
        void starIsEverything() {
            Scope scope = grant("system/*.*");
            assertThat(scope.resourceType()).isEqualTo("*");
            assertThat(scope.permissions()).containsExactly(CREATE, READ, UPDATE, DELETE, SEARCH);
        }

        @Test
        void textIsKeptAsWritten() {
            assertThat(grant("patient/*.read").text()).isEqualTo("patient/*.read");
        }
    }

    @Nested
    class Restrictions {
        @Test
        void theSpecExampleKeepsTheSystemAndCode() {
            Scope scope = grant(
                    "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
            assertThat(scope.restricted()).isTrue();
            assertThat(scope.restriction())
                    .containsExactly(Map.entry(
                            "category",
                            List.of("http://terminology.hl7.org/CodeSystem/observation-category|laboratory")));
            assertThat(scope.text())
                    .isEqualTo(
                            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
        }

        @Test
        void severalParametersInClaimOrderAndARepeatedOneIsKeptTwice() {
            Scope scope = grant("user/Observation.rs?status=final&category=laboratory&category=vital-signs");
            assertThat(scope.restriction())
                    .containsExactly(
                            Map.entry("status", List.of("final")),
                            Map.entry("category", List.of("laboratory", "vital-signs")));
        }

        @Test
        void aCommaWithinAValueIsKeptForTheCallerToReadAsOr() {
            assertThat(grant("patient/Observation.rs?category=laboratory,vital-signs")
                            .restriction())
                    .containsExactly(Map.entry("category", List.of("laboratory,vital-signs")));
        }

        @Test
        void percentEscapesAreDecodedInNamesAndValues() {
            assertThat(grant("patient/Condition.rs?category%3Amissing=a%7Cb%20c%C3%A9")
                            .restriction())
                    .containsExactly(Map.entry("category:missing", List.of("a|b cé")));
        }

        @Test
        void plusIsAPlusSignNotASpace() {
            assertThat(grant("patient/Observation.rs?date=ge2024-01-01T00:00:00+02:00")
                            .restriction())
                    .containsExactly(Map.entry("date", List.of("ge2024-01-01T00:00:00+02:00")));
        }

        @Test
        void anEscapedAmpersandStaysInsideItsValue() {
            assertThat(grant("patient/Observation.rs?code=a%26b&status=final").restriction())
                    .containsExactly(Map.entry("code", List.of("a&b")), Map.entry("status", List.of("final")));
        }

        @Test
        void theRestrictionCannotBeChangedAfterParsing() {
            Scope scope = grant("patient/Observation.rs?category=laboratory");
            assertThat(scope.restriction()).isUnmodifiable();
            assertThat(scope.restriction().get("category")).isUnmodifiable();
            assertThat(scope.permissions()).isUnmodifiable();
        }
    }

    @Nested
    class NotResourceScopes {
        @Test
        void openIdLaunchAndRefreshScopesAreKeptVerbatimInOrder() {
            Scopes scopes = Scopes.parse(
                    "openid fhirUser profile launch launch/patient launch/encounter offline_access online_access");
            assertThat(scopes.grants()).isEmpty();
            assertThat(scopes.other())
                    .containsExactly(
                            "openid",
                            "fhirUser",
                            "profile",
                            "launch",
                            "launch/patient",
                            "launch/encounter",
                            "offline_access",
                            "online_access");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "patient/Observation.sr", // letters out of cruds order
                    "patient/Observation.rr", // a letter twice
                    "patient/Observation.x", // no such letter
                    "patient/Observation.", // no letters
                    "patient/Observation", // no permission part
                    "patient/observation.rs", // type not capitalised
                    "patient/O.rs", // one letter is no FHIR type
                    "patient/Observation2.rs", // digits are in no FHIR type
                    "Patient/Observation.rs", // context is lowercase
                    "practitioner/Observation.rs", // no such context
                    "*/Observation.rs", // no wildcard context
                    "patient/Observation.rs?", // empty query
                    "patient/Observation.rs?category", // parameter without value
                    "patient/Observation.rs?category=", // empty value
                    "patient/Observation.rs?=laboratory", // empty name
                    "patient/Observation.rs?a=b&", // empty parameter
                    "patient/Observation.rs?code=%zz", // broken escape
                    "patient/Observation.rs?code=%4", // truncated escape
                    "patient/Observation.rs?code=%C3", // truncated UTF-8
                    "patient/Observation.read?category=laboratory", // v1 has no restrictions
                    "patient/Observation.rs.read", // two permission parts
                    "patient/Observation/Patient.rs", // two types
                    "patient//Observation.rs",
                    "/Observation.rs",
                })
        void malformedResourceScopesAreOtherNeverAnError(String scope) {
            Scopes scopes = Scopes.parse(scope);
            assertThat(scopes.grants()).isEmpty();
            assertThat(scopes.other()).containsExactly(scope);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\t\n"})
        void anEmptyClaimGrantsNothing(String claim) {
            Scopes scopes = Scopes.parse(claim);
            assertThat(scopes.grants()).isEmpty();
            assertThat(scopes.other()).isEmpty();
        }

        @Test
        void extraSpacesBetweenAndAroundScopesAreIgnored() {
            Scopes scopes = Scopes.parse("  openid   patient/Observation.rs  launch/patient ");
            assertThat(scopes.grants()).extracting(Scope::text).containsExactly("patient/Observation.rs");
            assertThat(scopes.other()).containsExactly("openid", "launch/patient");
        }

        @Test
        void aScopeRepeatedCountsOnce() {
            Scopes scopes = Scopes.parse("openid patient/Observation.rs openid patient/Observation.rs");
            assertThat(scopes.grants()).extracting(Scope::text).containsExactly("patient/Observation.rs");
            assertThat(scopes.other()).containsExactly("openid");
        }
    }
}
