package org.carerelay.handoff;

import java.util.List;
import org.carerelay.fhir.Canonical;
import org.carerelay.fhir.Definitions;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.handoff.rules.HandoffRule;
import org.carerelay.handoff.rules.HandoffType;
import org.carerelay.handoff.rules.IpassElement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/** The conformance resources the handoff feature publishes: its CodeSystems and the $validate-handoff definition. */
@Component
final class HandoffDefinitions implements Definitions.Published {

    static final String VALIDATE_HANDOFF_URL = Canonical.operationDefinition("validate-handoff");

    @Override
    public List<Resource> resources() {
        return List.of(handoffTypes(), rules(), ipass(), parameters(), illnessSeverity(), validateHandoff());
    }

    private static CodeSystem handoffTypes() {
        CodeSystem system = Definitions.codeSystem(
                "handoff-type",
                HandoffCodes.HANDOFF_TYPE,
                "CareRelay handoff types",
                "Kinds of transfer of responsibility for a patient, used in Task.code");
        for (HandoffType type : HandoffType.values()) {
            system.addConcept().setCode(type.code()).setDisplay(type.display());
        }
        return system;
    }

    private static CodeSystem rules() {
        CodeSystem system = Definitions.codeSystem(
                "handoff-rule",
                HandoffCodes.HANDOFF_RULE,
                "CareRelay handoff rules",
                "Rules a safe handoff must satisfy; the codes of $validate-handoff and handoff guard findings");
        for (HandoffRule rule : HandoffRule.values()) {
            system.addConcept().setCode(rule.code()).setDisplay(rule.title());
        }
        return system;
    }

    private static CodeSystem ipass() {
        CodeSystem system = Definitions.codeSystem(
                "ipass",
                HandoffCodes.IPASS,
                "I-PASS handoff elements",
                "Illness severity, Patient summary, Action list, Situation awareness, Synthesis by receiver");
        for (IpassElement element : IpassElement.values()) {
            system.addConcept().setCode(element.code()).setDisplay(element.display());
        }
        return system;
    }

    private static CodeSystem parameters() {
        CodeSystem system = Definitions.codeSystem(
                "handoff-parameter",
                HandoffCodes.HANDOFF_PARAMETER,
                "CareRelay handoff parameters",
                "Types of Task.input and Task.output that carry I-PASS content");
        system.addConcept().setCode(HandoffCodes.ILLNESS_SEVERITY_INPUT).setDisplay("Illness severity");
        system.addConcept().setCode(HandoffCodes.ACTION_ITEM_INPUT).setDisplay("Action item");
        system.addConcept().setCode(HandoffCodes.CONTINGENCY_PLAN_INPUT).setDisplay("Contingency plan");
        system.addConcept().setCode(HandoffCodes.RECEIVER_SYNTHESIS_OUTPUT).setDisplay("Receiver synthesis");
        return system;
    }

    private static CodeSystem illnessSeverity() {
        CodeSystem system = Definitions.codeSystem(
                "illness-severity",
                HandoffCodes.ILLNESS_SEVERITY,
                "I-PASS illness severity",
                "How sick the patient is, as the giver judges it");
        system.addConcept().setCode("stable").setDisplay("Stable");
        system.addConcept().setCode("watcher").setDisplay("Watcher");
        system.addConcept().setCode("unstable").setDisplay("Unstable");
        return system;
    }

    private static OperationDefinition validateHandoff() {
        OperationDefinition definition = Definitions.operation(
                "Task-validate-handoff",
                "validate-handoff",
                "ValidateHandoff",
                "Validate a handoff",
                "Checks that a handoff Task carries what a safe handoff needs (I-PASS, closed-loop referral, the Task"
                        + " state machine). On an instance it checks the stored Task; on the type it checks a Task not"
                        + " stored yet (resource) or every handoff Task of a Bundle (bundle). Answers an"
                        + " OperationOutcome with one issue per finding, each coded with its rule from "
                        + HandoffCodes.HANDOFF_RULE + ".");
        definition.setAffectsState(false).setSystem(false).setType(true).setInstance(true);
        definition.addResource("Task");
        Definitions.in(definition, "resource", 0, "1", "Task", "A Task to check (type level only)");
        Definitions.in(
                definition,
                "bundle",
                0,
                "1",
                "Bundle",
                "A transaction, batch, collection or message Bundle whose handoff Tasks are checked (type level only)");
        Definitions.out(
                definition,
                "return",
                1,
                "1",
                "OperationOutcome",
                "The findings, or one information issue when complete");
        return definition;
    }
}
