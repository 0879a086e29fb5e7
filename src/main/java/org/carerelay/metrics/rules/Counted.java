package org.carerelay.metrics.rules;

import java.time.LocalDate;
import java.util.Map;

/**
 * One resource a metric counts: the resource and its patient (for drill-down), the day that places it in a month, and
 * what it contributes. For a proportion, {@code numerator}; for a continuous variable, {@code observation} (only
 * resources with an observation are counted); a cohort only counts.
 *
 * @param strata the values of the metric's stratifiers ({@link Metric#strata()}); a missing key is stratum "none"
 */
public record Counted(
        String resource,
        String patient,
        LocalDate day,
        boolean numerator,
        Double observation,
        Map<String, String> strata) {

    public Counted {
        strata = Map.copyOf(strata);
    }
}
