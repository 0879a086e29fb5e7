package org.carerelay.caregap;

import java.util.ArrayList;
import java.util.List;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.Definitions;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * The conformance resources the care-gap feature publishes: the care-gap-rule CodeSystem, a Measure per rule (what
 * DEQM clients name in {@code Measure/$care-gaps}, with the thresholds this server is configured with) and
 * $care-gaps.
 */
@Component
final class CareGapDefinitions implements Definitions.Published {

    static final String POPULATION_BASIS =
            "http://hl7.org/fhir/us/cqfmeasures/StructureDefinition/cqfm-populationBasis";
    static final String SCORING = "http://terminology.hl7.org/CodeSystem/measure-scoring";
    static final String IMPROVEMENT = "http://terminology.hl7.org/CodeSystem/measure-improvement-notation";
    static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

    private final GapSettings settings;

    CareGapDefinitions(CareGapProperties properties, CareRelayProperties server) {
        this.settings = properties.settings(LocalServer.at(server.serverAddress()));
    }

    @Override
    public List<Resource> resources() {
        List<Resource> resources = new ArrayList<>();
        resources.add(rules());
        for (CareGapRule rule : CareGapRule.values()) {
            resources.add(measure(rule, settings));
        }
        resources.add(careGaps());
        resources.add(measureCareGaps());
        return resources;
    }

    /** The canonical of a rule's Measure: what MeasureReports and {@code measureUrl} name. */
    static String measureUrl(CareGapRule rule) {
        return org.carerelay.fhir.Canonical.BASE + "/Measure/" + rule.code();
    }

    /**
     * A rule as a Measure: a cohort of the resources (or patients) with the gap, its basis, and the thresholds it is
     * judged by here. No CQL: the rule is the server's own code.
     */
    static Measure measure(CareGapRule rule, GapSettings settings) {
        Measure measure = new Measure();
        measure.setId(rule.code());
        measure.setUrl(measureUrl(rule))
                .setName(rule.title().replaceAll("[^A-Za-z]", ""))
                .setTitle(rule.title())
                .setStatus(PublicationStatus.ACTIVE)
                .setPublisher("CareRelay");
        measure.setDescription(
                rule.title() + ": " + criterion(rule, settings) + ". Suggested mitigation: " + rule.mitigation() + ".");
        measure.setScoring(new CodeableConcept(new Coding(SCORING, "cohort", null)));
        measure.setImprovementNotation(new CodeableConcept(new Coding(IMPROVEMENT, "decrease", null)));
        measure.addExtension(new Extension(POPULATION_BASIS, new CodeType(basis(rule))));
        measure.addTopic(new CodeableConcept(new Coding(GapReport.CARE_GAP_RULE, rule.code(), rule.title())));
        Measure.MeasureGroupComponent group = measure.addGroup();
        group.setId(rule.code());
        group.setCode(new CodeableConcept(new Coding(GapReport.CARE_GAP_RULE, rule.code(), rule.title())));
        group.addPopulation()
                .setCode(new CodeableConcept(new Coding(POPULATION, "initial-population", null)))
                .setDescription(basis(rule) + " with an open gap: " + criterion(rule, settings));
        return measure;
    }

    /** What a gap of the rule is about: the type its evidence starts from. */
    static String basis(CareGapRule rule) {
        return switch (rule) {
            case REFERRAL_OPEN -> "ServiceRequest";
            case HANDOFF_UNACKNOWLEDGED, TASK_OVERDUE -> "Task";
            case CAREPLAN_ACTIVITY_OVERDUE, CAREPLAN_REVIEW_OVERDUE -> "CarePlan";
            case DEPRESSION_FOLLOW_UP_MISSING -> "Observation";
            case POST_DISCHARGE_FOLLOW_UP_MISSING -> "Encounter";
            case NO_CARE_COORDINATOR, FRAGMENTED_CARE_PLANS, HBA1C_OVERDUE, CONFLICTING_PLANS -> "Patient";
        };
    }

    /** The rule's criterion with the thresholds this server is configured with (carerelay.care-gaps). */
    static String criterion(CareGapRule rule, GapSettings settings) {
        return switch (rule) {
            case REFERRAL_OPEN ->
                "a referral open for more than " + settings.referralOpenDays()
                        + " days (referral-open-days) without a result";
            case HANDOFF_UNACKNOWLEDGED ->
                "a handoff Task not accepted within " + settings.handoffAcknowledgeHours()
                        + " hours (handoff-acknowledge-hours)";
            case TASK_OVERDUE -> "a Task still open after its restriction period ended";
            case CAREPLAN_ACTIVITY_OVERDUE -> "an active care plan's activity not done by its scheduled time";
            case CAREPLAN_REVIEW_OVERDUE ->
                "an active care plan not updated for more than " + settings.carePlanReviewDays()
                        + " days (care-plan-review-days)";
            case NO_CARE_COORDINATOR ->
                "at least " + settings.chronicConditionCount()
                        + " chronic conditions (chronic-condition-count, concepts " + settings.chronicConcepts()
                        + ") and no care coordinator in an active care team";
            case FRAGMENTED_CARE_PLANS -> "active care plans by different authors that do not know of each other";
            case DEPRESSION_FOLLOW_UP_MISSING ->
                "a positive PHQ-9 within the last " + settings.lookbackDays()
                        + " days (lookback-days) without a repeat screen, plan or referral within "
                        + settings.depressionFollowUpDays() + " days (depression-follow-up-days)";
            case HBA1C_OVERDUE ->
                "active diabetes and no HbA1c result within " + settings.hba1cDays() + " days (hba1c-days)";
            case POST_DISCHARGE_FOLLOW_UP_MISSING ->
                "an inpatient discharge within the last "
                        + settings.lookbackDays() + " days (lookback-days) without a follow-up visit within "
                        + settings.dischargeFollowUpDays() + " days (discharge-follow-up-days)";
            case CONFLICTING_PLANS ->
                "at least one conflict that $plan-conflicts reports between the patient's active plans, medications,"
                        + " conditions and goals (drug-drug, drug-disease, duplicate therapy, conflicting goals,"
                        + " prohibited vs ordered; knowledge carerelay.conflicts)";
        };
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
                        + " with gaps (a Composition of LOINC 96315-7 with a section per rule whose focus is the rule's"
                        + " individual MeasureReport, and a DetectedIssue per gap naming it). On an instance, that patient; on the type, a population narrowed by subject,"
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

    private static OperationDefinition measureCareGaps() {
        OperationDefinition definition = Definitions.operation(
                "Measure-care-gaps",
                "care-gaps",
                "MeasureCareGaps",
                "Care gaps (DEQM)",
                "Da Vinci DEQM's entry point to the same reports as Patient/$care-gaps: the rules are the Measures"
                        + " named by measureId, measureUrl or measureIdentifier (default all); each gap's"
                        + " DetectedIssue also names an individual MeasureReport of its rule.");
        definition.setUrl(org.carerelay.fhir.Canonical.operationDefinition("measure-care-gaps"));
        definition.setAffectsState(false).setSystem(false).setType(true).setInstance(false);
        definition.addResource("Measure");
        Definitions.in(definition, "periodStart", 0, "1", "date", "Accepted and ignored: a gap is judged on a day");
        Definitions.in(definition, "periodEnd", 0, "1", "date", "The day judged (carerelay.time-zone); default today");
        Definitions.in(definition, "subject", 0, "1", "string", "Patient/x or Group/x (its members)");
        Definitions.in(definition, "practitioner", 0, "1", "string", "As for Patient/$care-gaps");
        Definitions.in(definition, "organization", 0, "1", "string", "Patients this Organization manages");
        Definitions.in(definition, "status", 0, "*", "code", "open-gap; any other status is refused (400)");
        Definitions.in(definition, "measureId", 0, "*", "string", "Only these rules, by Measure id (the rule code)");
        Definitions.in(definition, "measureUrl", 0, "*", "canonical", "Only these rules, by Measure canonical");
        Definitions.in(
                definition,
                "measureIdentifier",
                0,
                "*",
                "string",
                "Only these rules, by identifier (" + GapReport.CARE_GAP_RULE + "|code, or the code alone)");
        Definitions.in(definition, "_count", 0, "1", "integer", "Reports (and failures) per page");
        Definitions.in(definition, "_cursor", 0, "1", "string", "Where the next page starts (the next link)");
        Definitions.in(definition, "_at", 0, "1", "instant", "The instant a walk of today is judged at (next link)");
        Definitions.out(definition, "return", 0, "*", "Bundle", "A gaps-in-care document per patient with open gaps");
        Definitions.out(definition, "failure", 0, "*", "OperationOutcome", "A patient that could not be evaluated");
        Definitions.out(definition, "next", 0, "1", "uri", "The next page, also sent as the HTTP Link header");
        return definition;
    }
}
