package org.carerelay.caregap;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import org.carerelay.caregap.rules.AsOf;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.Gap;
import org.carerelay.fhir.Canonical;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * One patient's gaps as a Da Vinci DEQM gaps-in-care document: a Composition (LOINC 96315-7) with a section per rule,
 * one DetectedIssue per gap, the patient and the evidence, and per rule an individual MeasureReport of the rule's
 * Measure: the section's focus and the last evidence detail of each of the rule's DetectedIssues.
 */
final class GapReport {

    static final String CARE_GAP_RULE = Canonical.codeSystem("care-gap-rule");
    static final String GAP_STATUS_EXTENSION = "http://hl7.org/fhir/uv/deqm/StructureDefinition/deqm-gapStatus";
    static final String GAP_STATUS = "http://hl7.org/fhir/uv/deqm/CodeSystem/deqm-gaps-status";
    /**
     * The one DEQM profile the report claims: its DetectedIssues carry the gap status, CAREGAP, the patient and an
     * evidence detail naming the rule's MeasureReport. The Composition (author by name only) and the MeasureReports
     * (no population counts beyond the cohort) claim none.
     */
    static final String DETECTED_ISSUE_PROFILE =
            "http://hl7.org/fhir/uv/deqm/StructureDefinition/deqm-gapsincaredetectedissue";

    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private GapReport() {}

    static Bundle document(Patient patient, List<Gap> gaps, AsOf asOf, String serverBase) {
        String patientReference = "Patient/" + patient.getIdElement().getIdPart();
        Bundle document = new Bundle().setType(Bundle.BundleType.DOCUMENT).setTimestamp(new Date());
        document.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID());

        Composition composition = new Composition()
                .setStatus(Composition.CompositionStatus.FINAL)
                .setDate(new Date())
                .setTitle("Care gaps of " + patientReference + " as of "
                        + LocalDate.ofInstant(asOf.endOfDay().toInstant(), asOf.zone()));
        composition.getType().addCoding(new Coding("http://loinc.org", "96315-7", "Gaps in care report"));
        composition.setSubject(new Reference(patientReference));
        composition.addAuthor().setDisplay("CareRelay");
        document.addEntry().setFullUrl(urn()).setResource(composition);
        document.addEntry().setFullUrl(serverBase + "/" + patientReference).setResource(patient);

        Map<CareGapRule, Composition.SectionComponent> sections = new LinkedHashMap<>();
        Map<String, Resource> evidence = new LinkedHashMap<>();
        LocalDate day = LocalDate.ofInstant(asOf.endOfDay().toInstant(), asOf.zone());
        for (Gap gap : gaps) {
            Composition.SectionComponent section = sections.computeIfAbsent(gap.rule(), rule -> {
                // the rule's individual MeasureReport: the focus of its section, named by each of its DetectedIssues
                String measureReport = urn();
                document.addEntry().setFullUrl(measureReport).setResource(measureReport(rule, patientReference, day));
                return composition
                        .addSection()
                        .setTitle(rule.title())
                        .setCode(new CodeableConcept(new Coding(CARE_GAP_RULE, rule.code(), rule.title())))
                        .setFocus(new Reference(measureReport));
            });
            DetectedIssue issue = detectedIssue(gap, patientReference, asOf);
            String measureText = "Measure " + CareGapDefinitions.measureUrl(gap.rule()) + ": open gap";
            issue.addEvidence()
                    .addDetail(new Reference(section.getFocus().getReference()).setDisplay(measureText))
                    .addCode()
                    .setText(measureText);
            String fullUrl = urn();
            document.addEntry().setFullUrl(fullUrl).setResource(issue);
            section.addEntry(new Reference(fullUrl));
            gap.evidence().forEach(r -> evidence.putIfAbsent(key(r), r));
        }
        evidence.forEach((key, resource) ->
                document.addEntry().setFullUrl(serverBase + "/" + key).setResource(resource));
        return document;
    }

    /**
     * A rule's individual MeasureReport for the patient on the day judged. Its population counts are not given: the
     * report says that the patient is in the rule's cohort of open gaps, which the DetectedIssues detail.
     */
    private static MeasureReport measureReport(CareGapRule rule, String patient, LocalDate day) {
        MeasureReport report = new MeasureReport()
                .setStatus(MeasureReport.MeasureReportStatus.COMPLETE)
                .setType(MeasureReport.MeasureReportType.INDIVIDUAL)
                .setMeasure(CareGapDefinitions.measureUrl(rule))
                .setSubject(new Reference(patient))
                .setDate(new Date())
                .setPeriod(new Period()
                        .setStartElement(new DateTimeType(day.toString()))
                        .setEndElement(new DateTimeType(day.toString())));
        report.getImprovementNotation()
                .addCoding(new Coding(
                        CareGapDefinitions.IMPROVEMENT, "decrease", "Decreased score indicates" + " improvement"));
        report.addGroup()
                .setCode(new CodeableConcept(new Coding(CARE_GAP_RULE, rule.code(), rule.title())))
                .addPopulation()
                .setCode(new CodeableConcept(new Coding(CareGapDefinitions.POPULATION, "initial-population", null)))
                .setCount(1);
        return report;
    }

    private static DetectedIssue detectedIssue(Gap gap, String patient, AsOf asOf) {
        DetectedIssue issue = new DetectedIssue().setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
        issue.getMeta().addProfile(DETECTED_ISSUE_PROFILE);
        issue.addModifierExtension()
                .setUrl(GAP_STATUS_EXTENSION)
                .setValue(new CodeableConcept(new Coding(GAP_STATUS, "open-gap", "Gap in care")));
        issue.getCode()
                .addCoding(new Coding(ACT_CODE, "CAREGAP", "Care gap"))
                .addCoding(
                        new Coding(CARE_GAP_RULE, gap.rule().code(), gap.rule().title()));
        issue.setPatient(new Reference(patient));
        // the instant the record was judged at, in the practice's zone: what "overdue" and "hours since" were measured
        // to
        issue.setIdentified(
                new DateTimeType(asOf.instant(), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone(asOf.zone())));
        issue.setDetail(gap.message());
        // one evidence entry per finding: the resource and the status that decided it, or what was looked for
        for (Gap.Finding finding : gap.findings()) {
            DetectedIssue.DetectedIssueEvidenceComponent evidence = issue.addEvidence();
            evidence.addCode().setText(finding.text());
            if (finding.resource() != null) {
                String key = key(finding.resource());
                issue.addImplicated(new Reference(key));
                evidence.addDetail(new Reference(key).setDisplay(finding.text()));
            }
        }
        issue.addMitigation().getAction().setText(gap.rule().mitigation());
        return issue;
    }

    private static String key(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    private static String urn() {
        return "urn:uuid:" + UUID.randomUUID();
    }
}
