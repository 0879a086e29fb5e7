package org.carerelay.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PopulationSearchTest {

    private final SystemRequestDetails request = new SystemRequestDetails();

    @BeforeEach
    void askForAPageOfOne() {
        request.setParameters(new HashMap<>(Map.of("_count", new String[] {"1"}, "subject", new String[] {"Group/g"})));
    }

    @Test
    void theSearchSeesTheWidestCountAndTheRequestKeepsItsOwn() {
        String[] seen = PopulationSearch.withCount(
                request, 500, () -> request.getParameters().get("_count"));

        assertThat(seen).containsExactly("500");
        assertThat(request.getParameters()).containsOnlyKeys("_count", "subject");
        assertThat(request.getParameters().get("_count")).containsExactly("1");
        assertThat(request.getParameters().get("subject")).containsExactly("Group/g");
        // HAPI takes _summary and _elements off a failed request before it answers: the parameters stay changeable
        request.removeParameter("_count");
        request.addParameter("_summary", new String[] {"false"});
        assertThat(request.getParameters()).containsOnlyKeys("subject", "_summary");
    }

    @Test
    void aFailedSearchLeavesTheRequestAsItWas() {
        assertThatThrownBy(() -> PopulationSearch.withCount(request, 500, () -> {
                    throw new IllegalStateException("the database went away");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the database went away");

        assertThat(request.getParameters().get("_count")).containsExactly("1");
        request.removeParameter("_elements");
        request.addParameter("_summary", new String[] {"false"});
        assertThat(request.getParameters()).containsOnlyKeys("_count", "subject", "_summary");
    }
}
