package org.carerelay.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** {@code Patient/[id]/$summary}: HAPI's International Patient Summary of the stored record, and what it is for. */
class SummaryIT extends AbstractFhirIT {

    private static final String LOINC = "http://loinc.org";
    private static final String SNOMED = "http://snomed.info/sct";

    @Test
    void summaryIsADocumentOfTheStoredRecord() {
        String patient = create(client, new Patient().addName(new HumanName().setFamily("Summary")));
        String diabetes = create(client, condition(patient, "44054006", "Diabetes mellitus type 2"));
        String allergy = create(
                client,
                new AllergyIntolerance()
                        .setClinicalStatus(
                                concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active"))
                        .setCode(concept(SNOMED, "91936005"))
                        .setPatient(new Reference(patient)));

        Bundle summary = summary(patient);

        assertThat(summary.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        assertThat(summary.getIdentifier().getValue()).isNotBlank();
        Composition composition = (Composition) summary.getEntryFirstRep().getResource();
        assertThat(composition.getType().getCoding())
                .extracting(Coding::getSystem, Coding::getCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LOINC, "60591-5"));
        assertThat(composition.getSubject().getReference()).isEqualTo(patient);
        assertThat(entriesOf(summary, Condition.class)).containsExactly(diabetes);
        assertThat(entriesOf(summary, AllergyIntolerance.class)).containsExactly(allergy);
        assertThat(composition.getSection())
                .filteredOn(s -> s.getCode().getCodingFirstRep().getCode().equals("11450-4"))
                .singleElement()
                .satisfies(problems -> assertThat(problems.getEntry()).hasSize(1));
    }

    @Test
    void summaryOfAnUnknownPatientIs404() {
        Response missing = http.get("/Patient/no-such-patient/$summary");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.outcome().getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
    }

    @Test
    void storedSummaryIsTheDischargeSummaryOfATransitionOfCare() {
        String patient = create(client, new Patient().addName(new HumanName().setFamily("Transition")));
        create(client, condition(patient, "38341003", "Hypertension"));
        Bundle summary = summary(patient);
        String stored = create(client, summary);
        Bundle collection = new Bundle().setType(Bundle.BundleType.COLLECTION);
        collection.addEntry().setResource(new Patient().setActive(true));
        String notADocument = create(client, collection);

        assertThat(summaryFindings(transitionOfCare(patient, stored))).isEmpty();
        assertThat(summaryFindings(transitionOfCare(patient, notADocument)))
                .extracting(i -> i.getExpression().get(0).getValue())
                .containsExactly("Task.input");
    }

    @Test
    void capabilityStatementListsExportAndSummary() {
        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(capabilities.getRestFirstRep().getOperation())
                .extracting(CapabilityStatementRestResourceOperationComponent::getName)
                .contains("export", "export-poll-status");
        assertThat(operationsOf(capabilities, "Patient")).contains("export", "summary");
        assertThat(operationsOf(capabilities, "Group")).contains("export");
    }

    private Bundle summary(String patient) {
        Response response = http.get("/" + patient + "/$summary");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private List<OperationOutcome.OperationOutcomeIssueComponent> summaryFindings(Task task) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("resource").setResource(task);
        Response response =
                http.postJson("/Task/$validate-handoff", FHIR.newJsonParser().encodeResourceToString(parameters));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.outcome().getIssue().stream()
                .filter(i -> i.getDetails().getCoding().stream()
                        .anyMatch(c -> HandoffCodes.HANDOFF_RULE.equals(c.getSystem())
                                && "summary-missing".equals(c.getCode())))
                .toList();
    }

    private static Task transitionOfCare(String patient, String dischargeSummary) {
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        task.getCode().addCoding(new Coding(HandoffCodes.HANDOFF_TYPE, "transition-of-care", null));
        task.setFor(new Reference(patient));
        task.getReasonCode().setText("discharged home after a hypertensive crisis");
        task.addInput().setValue(new Reference(dischargeSummary)).getType().setText("discharge summary");
        return task;
    }

    private static Condition condition(String patient, String code, String display) {
        Condition condition = new Condition();
        condition.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
        condition.setCode(new CodeableConcept(new Coding(SNOMED, code, display)));
        condition.setSubject(new Reference(patient));
        return condition;
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    /** The stored ids ({@code Type/id}) of the resources of one type the document carries. */
    private static List<String> entriesOf(Bundle document, Class<? extends Resource> type) {
        return document.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(r -> r.getIdElement().toUnqualifiedVersionless().getValue())
                .toList();
    }

    private static List<String> operationsOf(CapabilityStatement capabilities, String type) {
        return capabilities.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals(type))
                .flatMap(r -> r.getOperation().stream())
                .map(CapabilityStatementRestResourceOperationComponent::getName)
                .toList();
    }
}
