package org.carerelay.handoff.rules;

import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;

/** One rule's check: a pure function from a handoff to its findings under that rule. */
record Check(HandoffRule rule, Function<Handoff, List<Finding>> check) {

    List<Finding> apply(Handoff handoff) {
        return check.apply(handoff);
    }

    static List<Finding> error(HandoffRule rule, String path, String message) {
        return List.of(new Finding(rule, IssueSeverity.ERROR, path, message));
    }

    static List<Finding> warning(HandoffRule rule, String path, String message) {
        return List.of(new Finding(rule, IssueSeverity.WARNING, path, message));
    }

    static List<Finding> finding(HandoffRule rule, boolean error, String path, String message) {
        return error ? error(rule, path, message) : warning(rule, path, message);
    }
}
