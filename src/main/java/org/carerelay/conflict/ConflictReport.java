package org.carerelay.conflict;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import org.carerelay.conflict.rules.Conflict;
import org.carerelay.conflict.rules.ConflictRule;
import org.carerelay.conflict.rules.Side;
import org.carerelay.fhir.Canonical;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * One patient's conflicts as a document Bundle shaped like the care-gap report: a Composition with a section per rule,
 * one DetectedIssue per conflict, the patient and both sides of every conflict.
 */
final class ConflictReport {

    static final String RULE_SYSTEM = Canonical.codeSystem("conflict-rule");
    static final String KNOWLEDGE_SYSTEM = Canonical.codeSystem("conflict-knowledge");
    static final String SAME_AUTHOR = Canonical.BASE + "/StructureDefinition/conflict-same-author";
    static final String MATCH = Canonical.BASE + "/StructureDefinition/conflict-match";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private ConflictReport() {}

    static Bundle document(Patient patient, List<Conflict> conflicts, ConflictQuery query, String serverBase) {
        String patientReference = "Patient/" + patient.getIdElement().getIdPart();
        Bundle document = new Bundle().setType(Bundle.BundleType.DOCUMENT).setTimestamp(new Date());
        document.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue(urn());
        Composition composition = new Composition()
                .setStatus(Composition.CompositionStatus.FINAL)
                .setDate(new Date())
                .setTitle("Plan conflicts of " + patientReference + " as of " + query.day());
        composition.getType().setText("Plan conflicts report");
        composition.setSubject(new Reference(patientReference));
        composition.addAuthor().setDisplay("CareRelay");
        document.addEntry().setFullUrl(urn()).setResource(composition);
        document.addEntry().setFullUrl(serverBase + "/" + patientReference).setResource(patient);

        Map<ConflictRule, Composition.SectionComponent> sections = new LinkedHashMap<>();
        Map<String, Resource> evidence = new LinkedHashMap<>();
        for (Conflict conflict : conflicts) {
            Composition.SectionComponent section = sections.computeIfAbsent(
                    conflict.rule(),
                    rule -> composition
                            .addSection()
                            .setTitle(rule.title())
                            .setCode(new CodeableConcept(new Coding(RULE_SYSTEM, rule.code(), rule.title()))));
            String fullUrl = urn();
            document.addEntry().setFullUrl(fullUrl).setResource(issue(conflict, patientReference, query));
            section.addEntry(new Reference(fullUrl));
            for (Side side : List.of(conflict.first(), conflict.second())) {
                evidence.putIfAbsent(side.key(), side.resource());
            }
        }
        evidence.forEach((key, resource) ->
                document.addEntry().setFullUrl(serverBase + "/" + key).setResource(resource));
        return document;
    }

    static DetectedIssue issue(Conflict conflict, String patient, ConflictQuery query) {
        DetectedIssue issue = new DetectedIssue().setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
        ConflictRule rule = conflict.rule();
        issue.getCode().addCoding(new Coding(RULE_SYSTEM, rule.code(), rule.title()));
        issue.getCode().addCoding(new Coding(KNOWLEDGE_SYSTEM, conflict.entry(), null));
        if (rule.actCode() != null) {
            issue.getCode().addCoding(new Coding(ACT_CODE, rule.actCode(), null));
        }
        issue.setSeverity(DetectedIssue.DetectedIssueSeverity.fromCode(conflict.severity()));
        issue.setPatient(new Reference(patient));
        issue.setIdentified(new DateTimeType(
                Date.from(query.now()), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone(query.zone())));
        issue.addImplicated(new Reference(conflict.first().key()));
        if (!conflict.second().key().equals(conflict.first().key())) {
            issue.addImplicated(new Reference(conflict.second().key()));
        }
        side(issue, "first side", conflict.first());
        side(issue, "second side", conflict.second());
        issue.setDetail(conflict.detail());
        issue.setReference(conflict.sources().get(0).url());
        issue.addExtension(SAME_AUTHOR, new BooleanType(conflict.sameAuthor()));
        issue.addExtension(MATCH, new CodeType(conflict.textOnly() ? "text" : "code"));
        return issue;
    }

    /** A side as evidence: what it is, its resource, its author and the plan that names it. */
    private static void side(DetectedIssue issue, String label, Side side) {
        DetectedIssue.DetectedIssueEvidenceComponent evidence = issue.addEvidence();
        evidence.addCode().setText(label + ": " + side.described());
        evidence.addDetail(new Reference(side.key()).setDisplay(side.what()));
        if (side.author() != null) {
            evidence.addDetail(side.author().copy());
        }
        if (side.plan() != null && !side.plan().equals(side.key())) {
            evidence.addDetail(new Reference(side.plan()));
        }
    }

    private static String urn() {
        return "urn:uuid:" + UUID.randomUUID();
    }
}
