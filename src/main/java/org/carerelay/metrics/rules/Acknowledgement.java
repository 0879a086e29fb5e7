package org.carerelay.metrics.rules;

import java.time.Instant;
import java.util.List;

/**
 * A Provenance that records a handoff accepted, started or completed before the period ended, read once from it
 * ({@link CoordinationMetrics#acknowledgement}): its targets ({@code Type/id} keys) and when it was recorded.
 */
public record Acknowledgement(List<String> targets, Instant recorded) {

    public Acknowledgement {
        targets = List.copyOf(targets);
    }
}
