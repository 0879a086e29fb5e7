package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.SharedData;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Our {@code Measure/$care-gaps} answer against the Da Vinci DEQM examples in {@code ../shared/data/deqm-examples}
 * (skipped without them): the same shape, Parameters → document Bundle → Composition (96315-7) with sections whose
 * focus is an individual MeasureReport → DetectedIssues with the gap status extension and CAREGAP, whose evidence
 * names that MeasureReport; and the DEQM request parameters we take, with DEQM's types. The same answer on generated
 * data is checked element by element in MeasureCareGapsIT.
 */
class DeqmExamplesCareGapsIT extends AbstractFhirIT {

    private static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);

    @Test
    void ourAnswerHasTheShapeOfTheDeqmOpenGapReports() throws IOException {
        Path examples = SharedData.folder("deqm-examples").resolve("input/examples");
        Set<String> deqm = new TreeSet<>();
        for (String name : List.of(
                "Parameters-single-gaps-open-indv-report01.json", "Parameters-multiple-gaps-indv-report01.json")) {
            Parameters example =
                    FHIR.newJsonParser().parseResource(Parameters.class, Files.readString(examples.resolve(name)));
            deqm.addAll(shapeOfOpenGaps(example));
        }
        assertThat(deqm).isNotEmpty();

        String patient = create(client, new Patient().setActive(true));
        Condition diabetes = new Condition().setSubject(new Reference(patient));
        diabetes.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        diabetes.getCode().addCoding(new Coding("http://snomed.info/sct", "44054006", "Diabetes mellitus type 2"));
        diabetes.setOnset(new DateTimeType("2020-01-01"));
        create(client, diabetes);
        Response response = http.get("/Measure/$care-gaps?periodStart=" + TODAY.minusYears(1) + "&periodEnd=" + TODAY
                + "&subject=" + patient + "&status=open-gap&measureId=hba1c-overdue");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Parameters ours = FHIR.newJsonParser().parseResource(Parameters.class, response.body());

        assertThat(ours.getParameter()).hasSize(1);
        assertThat(shapeOfOpenGaps(ours)).isEqualTo(deqm);
    }

    @Test
    void theDeqmRequestParametersWeTakeHaveDeqmsTypes() throws IOException {
        Path definition =
                SharedData.folder("deqm-examples").resolve("input/resources/OperationDefinition-care-gaps.json");
        OperationDefinition deqm =
                FHIR.newJsonParser().parseResource(OperationDefinition.class, Files.readString(definition));
        OperationDefinition ours = client.read()
                .resource(OperationDefinition.class)
                .withId("Measure-care-gaps")
                .execute();

        Map<String, String> ourTypes = ours.getParameter().stream()
                .collect(Collectors.toMap(
                        OperationDefinitionParameterComponent::getName, p -> p.getUse() + " " + p.getType()));
        Map<String, String> deqmTypes = deqm.getParameter().stream()
                .collect(Collectors.toMap(
                        OperationDefinitionParameterComponent::getName, p -> p.getUse() + " " + p.getType()));
        assertThat(deqm.getCode()).isEqualTo(ours.getCode());
        for (String name : List.of("periodStart", "periodEnd", "subject", "status", "measureUrl", "return")) {
            assertThat(ourTypes.get(name)).as(name).isEqualTo(deqmTypes.get(name));
        }
    }

    /** What a gaps-in-care answer is made of, as statements that do not depend on the patient or the measure. */
    private static Set<String> shapeOfOpenGaps(Parameters parameters) {
        Set<String> shape = new TreeSet<>();
        for (Parameters.ParametersParameterComponent parameter : parameters.getParameter()) {
            shape.add("parameter " + parameter.getName() + ": "
                    + parameter.getResource().fhirType());
            Bundle report = (Bundle) parameter.getResource();
            shape.add("Bundle.type " + report.getType().toCode());
            shape.add(
                    "Bundle.entry[0] " + report.getEntryFirstRep().getResource().fhirType());
            Composition composition = (Composition) report.getEntryFirstRep().getResource();
            Coding type = composition.getType().getCodingFirstRep();
            shape.add("Composition.type " + type.getSystem() + "|" + type.getCode());
            shape.add("Composition.subject "
                    + resolve(report, composition.getSubject()).fhirType());
            for (Composition.SectionComponent section : composition.getSection()) {
                MeasureReport focus = (MeasureReport) resolve(report, section.getFocus());
                shape.add("section.focus MeasureReport " + focus.getType().toCode() + " "
                        + focus.getStatus().toCode());
                shape.add("MeasureReport.subject = Composition.subject: "
                        + same(focus.getSubject(), composition.getSubject()));
                for (Reference entry : section.getEntry()) {
                    DetectedIssue issue = (DetectedIssue) resolve(report, entry);
                    Extension status = issue.getModifierExtension().get(0);
                    Coding gap = ((CodeableConcept) status.getValue()).getCodingFirstRep();
                    if (!gap.getCode().equals("open-gap")) {
                        continue;
                    }
                    shape.add("section.entry DetectedIssue " + issue.getStatus().toCode() + " "
                            + String.join(
                                    " ",
                                    issue.getMeta().getProfile().stream()
                                            .map(p -> p.getValue())
                                            .toList()));
                    shape.add("DetectedIssue.modifierExtension " + status.getUrl() + " " + gap.getSystem() + "|"
                            + gap.getCode());
                    shape.add("DetectedIssue.code "
                            + issue.getCode().getCodingFirstRep().getSystem() + "|"
                            + issue.getCode().getCodingFirstRep().getCode());
                    shape.add("DetectedIssue.patient = Composition.subject: "
                            + same(issue.getPatient(), composition.getSubject()));
                    boolean namesFocus = issue.getEvidence().stream()
                            .flatMap(e -> e.getDetail().stream())
                            .anyMatch(detail -> resolve(report, detail) == focus);
                    shape.add("DetectedIssue.evidence.detail names the section's MeasureReport: " + namesFocus);
                }
            }
        }
        return shape;
    }

    private static boolean same(Reference one, Reference other) {
        return one.getReference().equals(other.getReference());
    }

    /** The entry a reference names: by its full URL, or a relative reference at the end of one. */
    private static Resource resolve(Bundle bundle, Reference reference) {
        String target = reference.getReference();
        return bundle.getEntry().stream()
                .filter(e -> e.getFullUrl().equals(target) || e.getFullUrl().endsWith("/" + target))
                .map(Bundle.BundleEntryComponent::getResource)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no entry for " + target));
    }
}
