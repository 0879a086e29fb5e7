package org.carerelay.handoff.rules;

import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;

/**
 * One thing a handoff lacks or gets wrong.
 *
 * @param path FHIRPath relative to the Task ({@code owner}, {@code restriction.period.end}); empty for the Task itself
 */
public record Finding(HandoffRule rule, IssueSeverity severity, String path, String message) {

    public boolean isError() {
        return severity == IssueSeverity.ERROR || severity == IssueSeverity.FATAL;
    }
}
