package org.carerelay.conflict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.conflict.rules.ConflictRule;
import org.carerelay.conflict.rules.Knowledge;
import org.carerelay.fhir.Canonical;
import org.carerelay.fhir.Definitions;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.stereotype.Component;

/**
 * What the plan-conflict feature publishes: the conflict-rule CodeSystem, the knowledge entries as a CodeSystem (each
 * with its sources), a ValueSet per drug class and per condition concept (the codes as configured), and
 * {@code $plan-conflicts}, and the CDS cards' override reasons. Readable over the FHIR API like every other definition.
 */
@Component
final class ConflictDefinitions implements Definitions.Published {

    private final Knowledge knowledge;

    ConflictDefinitions(Knowledge knowledge) {
        this.knowledge = knowledge;
    }

    static String valueSetUrl(String kind, String id) {
        return Canonical.BASE + "/ValueSet/conflict-" + kind + "-" + id;
    }

    @Override
    public List<Resource> resources() {
        List<Resource> resources = new ArrayList<>();
        resources.add(rules());
        resources.add(entries());
        knowledge.classes().forEach((id, drugClass) -> resources.add(drugClass(id, drugClass)));
        knowledge
                .conditions()
                .forEach((id, codes) -> resources.add(
                        valueSet("condition", id, "Condition concept " + id + " (SNOMED CT and ICD-10-CM)", codes)));
        resources.add(operation());
        resources.add(overrideReasons());
        return resources;
    }

    private static CodeSystem overrideReasons() {
        CodeSystem system = Definitions.codeSystem(
                "cds-override-reason",
                OverrideReasons.SYSTEM,
                "CareRelay CDS override reasons",
                "Why a prescriber went ahead despite a plan-conflict card of the CDS Hooks service"
                        + " (card.overrideReasons, and the overrideReason of its feedback)");
        OverrideReasons.REASONS.forEach(
                (code, display) -> system.addConcept().setCode(code).setDisplay(display));
        return system;
    }

    private CodeSystem rules() {
        CodeSystem system = Definitions.codeSystem(
                "conflict-rule",
                ConflictReport.RULE_SYSTEM,
                "CareRelay plan-conflict rules",
                "The kinds of conflict $plan-conflicts reports between a patient's plans");
        for (ConflictRule rule : ConflictRule.values()) {
            system.addConcept().setCode(rule.code()).setDisplay(rule.title());
        }
        return system;
    }

    private CodeSystem entries() {
        CodeSystem system = Definitions.codeSystem(
                "conflict-knowledge",
                ConflictReport.KNOWLEDGE_SYSTEM,
                "CareRelay plan-conflict knowledge",
                "The cited knowledge entries of the plan-conflict rules, version " + knowledge.version()
                        + " (conflicts/knowledge-v" + knowledge.version() + ".json)");
        system.setVersion(knowledge.version());
        for (Knowledge.Interaction i : knowledge.interactions()) {
            add(system, i.id(), i.a() + " with " + i.b(), i.severity(), i.sources(), i.action());
        }
        for (Knowledge.Contraindication c : knowledge.contraindications()) {
            add(
                    system,
                    c.id(),
                    c.drugs() + " with " + c.condition()
                            + (c.egfrBelow() != null
                                    ? " or eGFR under " + c.egfrBelow().intValue()
                                    : "")
                            + (c.minAge() != null ? ", age " + c.minAge() + " or older" : "")
                            + (c.sex() != null ? ", " + c.sex() + " only" : "")
                            + (c.countsHistory() ? ", current or past condition" : "")
                            + (c.exceptMembers().isEmpty() ? "" : ", except " + c.exceptMembers())
                            + (c.exceptConditions().isEmpty() ? "" : ", not with " + c.exceptConditions())
                            + (c.excludedRoutes() == null
                                    ? ""
                                    : ", not by route " + c.excludedRoutes().codes() + " "
                                            + c.excludedRoutes().words()),
                    c.severity(),
                    c.sources(),
                    c.action());
        }
        Knowledge.Duplicates d = knowledge.duplicates();
        add(
                system,
                d.id(),
                "two drugs of one class or ingredient: " + d.classes(),
                d.severity(),
                d.sources(),
                d.action());
        Knowledge.Goals g = knowledge.goals();
        add(
                system,
                g.id(),
                "goals on one measure that do not overlap: " + g.measures().keySet(),
                g.severity(),
                g.sources(),
                g.action());
        Knowledge.Prohibited p = knowledge.prohibited();
        add(system, p.id(), "doNotPerform in one plan, ordered elsewhere", p.severity(), p.sources(), p.action());
        return system;
    }

    private void add(
            CodeSystem system, String code, String what, String severity, List<String> sources, String action) {
        StringBuilder definition =
                new StringBuilder(what).append(" (").append(severity).append("). Sources: ");
        for (String source : sources) {
            Knowledge.Source s = knowledge.source(source);
            definition
                    .append(s.shortName())
                    .append(" - ")
                    .append(s.citation())
                    .append(" <")
                    .append(s.url())
                    .append(">; ");
        }
        definition.append("Suggested action: ").append(action);
        system.addConcept().setCode(code).setDisplay(code).setDefinition(definition.toString());
    }

    private ValueSet drugClass(String id, Knowledge.DrugClass drugClass) {
        List<String> codes = new ArrayList<>();
        for (Knowledge.Member member : drugClass.members()) {
            if (member.rxnorm() != null) {
                codes.add(Knowledge.RXNORM + "|" + member.rxnorm());
            }
            member.products().forEach(product -> codes.add(Knowledge.RXNORM + "|" + product));
        }
        drugClass.atc().forEach(atc -> codes.add(Knowledge.ATC + "|" + atc));
        codes.addAll(drugClass.codes());
        ValueSet valueSet = valueSet("class", id, drugClass.display(), codes);
        if (drugClass.membership() != null) {
            valueSet.setDescription(valueSet.getDescription() + ". Members: " + drugClass.membership());
        }
        return valueSet;
    }

    private ValueSet valueSet(String kind, String id, String title, List<String> codes) {
        ValueSet valueSet = new ValueSet();
        valueSet.setId("conflict-" + kind + "-" + id);
        valueSet.setUrl(valueSetUrl(kind, id))
                .setVersion(knowledge.version())
                .setName(("Conflict" + kind + id).replaceAll("[^A-Za-z0-9]", ""))
                .setTitle(title)
                .setStatus(PublicationStatus.ACTIVE)
                .setPublisher("CareRelay")
                .setDescription(title + ": codes of the plan-conflict knowledge, version " + knowledge.version()
                        + (kind.equals("class") ? " (RxNorm ingredients and clinical drugs, ATC classes)" : ""));
        Map<String, ValueSet.ConceptSetComponent> bySystem = new LinkedHashMap<>();
        for (String code : codes) {
            int bar = code.indexOf('|');
            bySystem.computeIfAbsent(
                            code.substring(0, bar),
                            system -> valueSet.getCompose().addInclude().setSystem(system))
                    .addConcept()
                    .setCode(code.substring(bar + 1));
        }
        return valueSet;
    }

    private static OperationDefinition operation() {
        OperationDefinition definition = Definitions.operation(
                "Patient-plan-conflicts",
                "plan-conflicts",
                "PlanConflicts",
                "Plan conflicts",
                "Where a patient's care plans and orders contradict each other (drug-drug, drug-disease, duplicate"
                        + " therapy, conflicting goals, prohibited vs ordered), one DetectedIssue per conflict with"
                        + " both sides, their authors and the cited source, in a document Bundle per patient.");
        definition.setAffectsState(false).setSystem(false).setType(true).setInstance(true);
        definition.addResource("Patient");
        Definitions.in(definition, "asOf", 0, "1", "date", "The day judged as of (carerelay.time-zone); default today");
        Definitions.in(definition, "rule", 0, "*", "code", "Only these rules, from " + ConflictReport.RULE_SYSTEM);
        Definitions.in(definition, "subject", 0, "1", "string", "Type level: a Group's members or one Patient");
        Definitions.in(
                definition,
                "practitioner",
                0,
                "1",
                "string",
                "Type level: patients whose general practitioner this is, or with it on a CareTeam");
        Definitions.in(definition, "organization", 0, "1", "string", "Type level: patients this Organization manages");
        Definitions.in(definition, "_count", 0, "1", "integer", "Type level: reports per page");
        Definitions.in(definition, "_cursor", 0, "1", "string", "Type level: where the next page starts");
        Definitions.out(definition, "return", 0, "*", "Bundle", "A document Bundle per patient with conflicts");
        Definitions.out(definition, "failure", 0, "*", "OperationOutcome", "A patient whose record could not be read");
        Definitions.out(definition, "next", 0, "1", "uri", "The next page of the population");
        return definition;
    }
}
