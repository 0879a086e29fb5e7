package org.carerelay.metrics.rules;

import java.time.LocalDate;
import java.util.List;

/**
 * An outcome that closed the loop of these referrals ({@code Type/id} keys) on this day, read once from the resource
 * ({@link CoordinationMetrics#closing}): only outcomes that took place, by the end of the period.
 */
public record Closing(List<String> referrals, LocalDate day) {

    public Closing {
        referrals = List.copyOf(referrals);
    }
}
