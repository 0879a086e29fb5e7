package org.carerelay.metrics.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A numeric result that came back, read once from its Observation ({@link OutcomeMetrics#result}): its LOINC codes,
 * when it was taken (instant and day in the practice's zone) and its value. Observations without a number, a time, a
 * status that counts or a patient are no result.
 */
public record Result(String key, String patient, List<String> loinc, Instant at, LocalDate day, BigDecimal value) {

    public Result {
        loinc = List.copyOf(loinc);
    }
}
