package org.carerelay.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Small builders for the OperationOutcomes CareRelay sends with its own refusals. */
public final class OperationOutcomes {

    private OperationOutcomes() {}

    /** An outcome with one error issue. */
    public static OperationOutcome error(IssueType type, String message, String... expressions) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(message);
        issue.getDetails().setText(message);
        for (String expression : expressions) {
            issue.addExpression(expression);
        }
        return outcome;
    }
}
