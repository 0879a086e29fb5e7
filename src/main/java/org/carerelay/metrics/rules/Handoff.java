package org.carerelay.metrics.rules;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a handoff contributes, read once from its Task ({@link CoordinationMetrics#handoff}): when it was requested, its
 * status and its receiver ({@value CoordinationMetrics#NONE} without an owner); only handoffs authored in the period
 * with a status that is not entered-in-error.
 */
public record Handoff(
        String key, String patient, LocalDate authored, Instant requested, String status, String receiver) {

    boolean draft() {
        return "draft".equals(status);
    }
}
