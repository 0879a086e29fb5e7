package org.carerelay.caregap;

import java.util.List;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.fhir.Definitions;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/** The conformance resources the care-gap feature publishes: the care-gap-rule CodeSystem and $care-gaps. */
@Component
final class CareGapDefinitions implements Definitions.Published {

    @Override
    public List<Resource> resources() {
        return List.of(rules(), careGaps());
    }

    private static CodeSystem rules() {
        CodeSystem system = Definitions.codeSystem(
                "care-gap-rule",
                GapReport.CARE_GAP_RULE,
                "CareRelay care-gap rules",
                "Rules that find what fell through the cracks of care coordination; the rule parameter of $care-gaps"
                        + " and the codes of its report sections and DetectedIssues");
        for (CareGapRule rule : CareGapRule.values()) {
            system.addConcept()
                    .setCode(rule.code())
                    .setDisplay(rule.title())
                    .setDefinition(rule.title() + ". Suggested mitigation: " + rule.mitigation() + ".");
        }
        return system;
    }

    private static OperationDefinition careGaps() {
        OperationDefinition definition = Definitions.operation(
                "Patient-care-gaps",
                "care-gaps",
                "CareGaps",
                "Care gaps",
                "Open care-coordination gaps as Da Vinci DEQM gaps-in-care reports: one document Bundle per patient"
                        + " with gaps (a Composition of LOINC 96315-7 with a section per rule, and a DetectedIssue per"
                        + " gap). On an instance, that patient; on the type, a population narrowed by subject,"
                        + " practitioner and organization, answered a page at a time.");
        definition.setAffectsState(false).setSystem(false).setType(true).setInstance(true);
        definition.addResource("Patient");
        Definitions.in(
                definition,
                "asOf",
                0,
                "1",
                "date",
                "The day the record is judged as of, a calendar day in carerelay.time-zone; default today there");
        Definitions.in(definition, "periodStart", 0, "1", "date", "Accepted for DEQM clients and ignored");
        Definitions.in(definition, "periodEnd", 0, "1", "date", "DEQM's name for asOf; asOf wins when both are given");
        Definitions.in(
                definition,
                "rule",
                0,
                "*",
                "code",
                "Only these rules, by code from " + GapReport.CARE_GAP_RULE + "; default all");
        Definitions.in(definition, "status", 0, "*", "code", "open-gap; any other status is refused (400) for now");
        Definitions.in(
                definition,
                "subject",
                0,
                "1",
                "string",
                "Type level: a Group (its members) or a Patient, as a reference such as Group/123");
        Definitions.in(
                definition,
                "practitioner",
                0,
                "1",
                "string",
                "Type level: patients whose general practitioner this Practitioner (or PractitionerRole) is, or who"
                        + " have it as a member of an active CareTeam");
        Definitions.in(
                definition,
                "organization",
                0,
                "1",
                "string",
                "Type level: patients whose managing organization this Organization is");
        Definitions.in(definition, "_count", 0, "1", "integer", "Type level: reports (and failures) per page");
        Definitions.in(
                definition,
                "_cursor",
                0,
                "1",
                "string",
                "Type level: where the next page starts; taken from the next link, never made up");
        Definitions.in(
                definition,
                "_at",
                0,
                "1",
                "instant",
                "Type level: the instant a walk of today's population is judged at (hours are measured to it); taken"
                        + " from the next link");
        Definitions.out(definition, "return", 0, "*", "Bundle", "A gaps-in-care document per patient with open gaps");
        Definitions.out(
                definition,
                "failure",
                0,
                "*",
                "OperationOutcome",
                "Type level: a patient whose record could not be evaluated, named in the outcome; counts towards"
                        + " _count like a report");
        Definitions.out(
                definition,
                "next",
                0,
                "1",
                "uri",
                "Type level: the next page, also sent as the HTTP Link header; absent on the last page");
        return definition;
    }
}
