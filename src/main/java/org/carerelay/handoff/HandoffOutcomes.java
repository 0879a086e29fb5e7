package org.carerelay.handoff;

import java.util.List;
import org.carerelay.handoff.rules.Finding;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.handoff.rules.HandoffRule;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Turns handoff findings into OperationOutcome issues. */
final class HandoffOutcomes {

    private HandoffOutcomes() {}

    /** Adds one issue per finding; {@code at} is the FHIRPath of the Task ({@code Task}, {@code Bundle.entry[2].resource}). */
    static OperationOutcome addFindings(OperationOutcome outcome, List<Finding> findings, String at) {
        for (Finding finding : findings) {
            HandoffRule rule = finding.rule();
            CodeableConcept details = new CodeableConcept().setText(finding.message());
            details.addCoding()
                    .setSystem(HandoffCodes.HANDOFF_RULE)
                    .setCode(rule.code())
                    .setDisplay(rule.title());
            if (rule.ipass() != null) {
                details.addCoding()
                        .setSystem(HandoffCodes.IPASS)
                        .setCode(rule.ipass().code())
                        .setDisplay(rule.ipass().display());
            }
            outcome.addIssue()
                    .setSeverity(finding.severity())
                    .setCode(rule.issueType())
                    .setDetails(details)
                    .setDiagnostics(finding.message())
                    .addExpression(finding.path().isEmpty() ? at : at + "." + finding.path());
        }
        return outcome;
    }

    /** The answer for handoffs without findings: a single information issue. */
    static OperationOutcome complete(String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(IssueSeverity.INFORMATION)
                .setCode(IssueType.INFORMATIONAL)
                .setDiagnostics(message)
                .getDetails()
                .setText(message);
        return outcome;
    }

    static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(Finding::isError);
    }
}
