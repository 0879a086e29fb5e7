package org.carerelay.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TypeFiltersTest {

    private static final Set<String> KNOWN = Set.of("Patient", "Observation", "Condition");

    @Test
    void searchesOfExportedTypesPass() {
        assertThat(TypeFilters.problems(
                        List.of("Observation?category=vital-signs,Condition?clinical-status=active"),
                        KNOWN,
                        List.of("Observation", "Condition")))
                .isEmpty();
        assertThat(TypeFilters.problems(List.of("Observation?code=a,b"), KNOWN, List.of()))
                .isEmpty();
    }

    @Test
    void somethingThatIsNoSearchIsNamed() {
        assertThat(TypeFilters.problems(List.of("garbage", "Observation?"), KNOWN, List.of()))
                .containsExactly(
                        "_typeFilter garbage is not a search (Type?parameter=value)",
                        "_typeFilter Observation? is not a search (Type?parameter=value)");
    }

    @Test
    void unknownTypeIsNamed() {
        assertThat(TypeFilters.problems(List.of("Nonsense?x=1"), KNOWN, List.of()))
                .containsExactly("_typeFilter Nonsense?x=1 names an unknown resource type Nonsense");
    }

    @Test
    void filterOfATypeNotExportedIsNamed() {
        assertThat(TypeFilters.problems(List.of("Patient?name=x"), KNOWN, List.of("Observation")))
                .containsExactly("_typeFilter Patient?name=x filters Patient, which _type does not export");
    }
}
