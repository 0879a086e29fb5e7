package org.carerelay.handoff;

import java.util.List;
import org.carerelay.fhir.Canonical;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.handoff.rules.HandoffRule;
import org.carerelay.handoff.rules.HandoffType;
import org.carerelay.handoff.rules.IpassElement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;
import org.hl7.fhir.r4.model.Resource;

/** The conformance resources the handoff feature publishes: its CodeSystems and the $validate-handoff definition. */
final class HandoffDefinitions {

    static final String VALIDATE_HANDOFF_URL = Canonical.operationDefinition("validate-handoff");

    private HandoffDefinitions() {}

    static List<Resource> all() {
        return List.of(handoffTypes(), rules(), ipass(), parameters(), illnessSeverity(), validateHandoff());
    }

    private static CodeSystem handoffTypes() {
        CodeSystem system = codeSystem(
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
        CodeSystem system = codeSystem(
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
        CodeSystem system = codeSystem(
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
        CodeSystem system = codeSystem(
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
        CodeSystem system = codeSystem(
                "illness-severity",
                HandoffCodes.ILLNESS_SEVERITY,
                "I-PASS illness severity",
                "How sick the patient is, as the giver judges it");
        system.addConcept().setCode("stable").setDisplay("Stable");
        system.addConcept().setCode("watcher").setDisplay("Watcher");
        system.addConcept().setCode("unstable").setDisplay("Unstable");
        return system;
    }

    private static CodeSystem codeSystem(String id, String url, String title, String description) {
        CodeSystem system = new CodeSystem();
        system.setId(id);
        system.setUrl(url)
                .setName(title.replaceAll("[^A-Za-z]", ""))
                .setTitle(title)
                .setStatus(PublicationStatus.ACTIVE)
                .setDescription(description)
                .setPublisher("CareRelay")
                .setCaseSensitive(true)
                .setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        return system;
    }

    private static OperationDefinition validateHandoff() {
        OperationDefinition definition = new OperationDefinition();
        definition.setId("Task-validate-handoff");
        definition
                .setUrl(VALIDATE_HANDOFF_URL)
                .setName("ValidateHandoff")
                .setTitle("Validate a handoff")
                .setStatus(PublicationStatus.ACTIVE)
                .setKind(OperationDefinition.OperationKind.OPERATION)
                .setCode("validate-handoff")
                .setAffectsState(false)
                .setSystem(false)
                .setType(true)
                .setInstance(true)
                .setPublisher("CareRelay")
                .setDescription("Checks that a handoff Task carries what a safe handoff needs (I-PASS, closed-loop"
                        + " referral, the Task state machine). On an instance it checks the stored Task; on the type it"
                        + " checks a Task not stored yet (resource) or every handoff Task of a Bundle (bundle). Answers"
                        + " an OperationOutcome with one issue per finding, each coded with its rule from "
                        + HandoffCodes.HANDOFF_RULE + ".");
        definition.addResource("Task");
        definition
                .addParameter()
                .setName("resource")
                .setUse(OperationParameterUse.IN)
                .setMin(0)
                .setMax("1")
                .setType("Task")
                .setDocumentation("A Task to check (type level only)");
        definition
                .addParameter()
                .setName("bundle")
                .setUse(OperationParameterUse.IN)
                .setMin(0)
                .setMax("1")
                .setType("Bundle")
                .setDocumentation("A transaction, batch, collection or message Bundle whose handoff"
                        + " Tasks are checked (type level only)");
        definition
                .addParameter()
                .setName("return")
                .setUse(OperationParameterUse.OUT)
                .setMin(1)
                .setMax("1")
                .setType("OperationOutcome")
                .setDocumentation("The findings, or one information issue when complete");
        return definition;
    }
}
