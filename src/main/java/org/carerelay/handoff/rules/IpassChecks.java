package org.carerelay.handoff.rules;

import static org.carerelay.handoff.rules.Check.error;
import static org.carerelay.handoff.rules.Check.warning;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/** What an I-PASS handoff must carry: severity, summary, actions, contingencies, and the receiver's synthesis. */
final class IpassChecks {

    private IpassChecks() {}

    static List<Finding> severity(Handoff handoff) {
        if (handoff.task().hasPriority()
                || !handoff.inputsOfType(HandoffCodes.ILLNESS_SEVERITY_INPUT).isEmpty()) {
            return List.of();
        }
        return error(
                HandoffRule.SEVERITY_MISSING,
                "priority",
                "No illness severity: set Task.priority or add an illness-severity input (stable, watcher, unstable)");
    }

    static List<Finding> summary(Handoff handoff) {
        List<Finding> findings = new ArrayList<>();
        if (!handoff.task().hasReasonCode() && !handoff.task().hasReasonReference()) {
            findings.addAll(error(
                    HandoffRule.SUMMARY_MISSING,
                    "reasonCode",
                    "No patient summary: Task.reasonCode and Task.reasonReference are both empty"));
        }
        if (handoff.is(HandoffType.TRANSITION_OF_CARE)
                && !handoff.hasInputReferencing("DocumentReference", "Composition")
                && !hasSummaryDocument(handoff)) {
            findings.addAll(error(
                    HandoffRule.SUMMARY_MISSING,
                    "input",
                    "Transition of care without a discharge summary (a DocumentReference, a Composition or a"
                            + " document Bundle such as Patient/$summary returns, in Task.input)"));
        }
        return findings;
    }

    /** A document Bundle (an International Patient Summary, say) whose first entry is its Composition. */
    private static boolean hasSummaryDocument(Handoff handoff) {
        return handoff.task().getInput().stream()
                .filter(i -> i.getValue() instanceof Reference)
                .map(i -> handoff.record().resolve((Reference) i.getValue()))
                .flatMap(Optional::stream)
                .anyMatch(r -> r instanceof Bundle bundle
                        && bundle.getType() == Bundle.BundleType.DOCUMENT
                        && !bundle.getEntry().isEmpty()
                        && bundle.getEntryFirstRep().getResource() instanceof Composition);
    }

    static List<Finding> actions(Handoff handoff) {
        boolean serviceRequest = handoff.task().hasFocus()
                && "ServiceRequest"
                        .equals(handoff.record()
                                .typeOf(handoff.task().getFocus())
                                .orElse(null));
        if (serviceRequest
                || !handoff.inputsOfType(HandoffCodes.ACTION_ITEM_INPUT).isEmpty()
                || hasPlanWithActivities(handoff)) {
            return List.of();
        }
        return error(
                HandoffRule.ACTIONS_MISSING,
                "focus",
                "No action list: no ServiceRequest in Task.focus, no CarePlan with activities in Task.input or"
                        + " Task.basedOn, and no action-item input");
    }

    static List<Finding> contingency(Handoff handoff) {
        if (handoff.task().hasNote()
                || !handoff.inputsOfType(HandoffCodes.CONTINGENCY_PLAN_INPUT).isEmpty()) {
            return List.of();
        }
        return warning(
                HandoffRule.CONTINGENCY_MISSING,
                "note",
                "No situation awareness: add a Task.note or a contingency-plan input saying what to watch for");
    }

    static List<Finding> medicationList(Handoff handoff) {
        if (!handoff.is(HandoffType.TRANSITION_OF_CARE)
                || handoff.hasInputReferencing("List", "MedicationStatement", "MedicationRequest")) {
            return List.of();
        }
        return error(
                HandoffRule.MEDICATION_LIST_MISSING,
                "input",
                "Transition of care without a medication list (a List, MedicationStatement or MedicationRequest in"
                        + " Task.input)");
    }

    static List<Finding> synthesis(Handoff handoff) {
        TaskStatus status = handoff.status();
        if (status != TaskStatus.ACCEPTED && status != TaskStatus.INPROGRESS) {
            return List.of();
        }
        if (handoff.hasOutputOfType(HandoffCodes.RECEIVER_SYNTHESIS_OUTPUT) || hasNoteByOwner(handoff)) {
            return List.of();
        }
        return warning(
                HandoffRule.SYNTHESIS_MISSING,
                "output",
                "Accepted without the receiver's synthesis: add a receiver-synthesis output or a note by the owner");
    }

    private static boolean hasPlanWithActivities(Handoff handoff) {
        List<Reference> candidates = new ArrayList<>(handoff.task().getBasedOn());
        handoff.task().getInput().stream()
                .filter(i -> i.getValue() instanceof Reference)
                .forEach(i -> candidates.add((Reference) i.getValue()));
        return candidates.stream()
                .map(reference -> handoff.record().resolve(reference))
                .flatMap(java.util.Optional::stream)
                .anyMatch(resource -> resource instanceof CarePlan plan && plan.hasActivity());
    }

    private static boolean hasNoteByOwner(Handoff handoff) {
        String owner = handoff.record().key(handoff.task().getOwner());
        if (owner == null) {
            return false;
        }
        for (Annotation note : handoff.task().getNote()) {
            if (note.hasAuthorReference() && owner.equals(handoff.record().key(note.getAuthorReference()))) {
                return true;
            }
        }
        return false;
    }
}
