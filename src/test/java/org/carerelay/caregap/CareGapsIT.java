package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** {@code Patient/[id]/$care-gaps} over HTTP, on a record written for the test. */
class CareGapsIT extends AbstractFhirIT {

    private static final java.time.LocalDate TODAY = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    private static final String DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
    private static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    @Test
    void openReferralAndOverdueHba1cAreReportedInDeqmShape() {
        String patient = create(client, new Patient().setActive(true));
        String referralId = referral(patient, day(90));
        Condition diabetes = new Condition().setSubject(new Reference(patient));
        diabetes.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        diabetes.getCode().addCoding(new Coding("http://snomed.info/sct", "44054006", "Diabetes mellitus type 2"));
        diabetes.setOnset(new DateTimeType("2020-01-01"));
        String diabetesId = create(client, diabetes);

        Response response = http.get("/" + patient + "/$care-gaps?asOf=" + TODAY + "&status=open-gap");

        assertThat(response.status()).isEqualTo(200);
        Parameters parameters = FHIR.newJsonParser().parseResource(Parameters.class, response.body());
        assertThat(parameters.getParameter())
                .extracting(Parameters.ParametersParameterComponent::getName)
                .containsExactly("return");
        Bundle document = (Bundle) parameters.getParameterFirstRep().getResource();
        assertThat(document.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        Composition composition = (Composition) document.getEntryFirstRep().getResource();
        assertThat(composition.getType().getCodingFirstRep().getCode()).isEqualTo("96315-7");
        assertThat(composition.getSubject().getReference()).isEqualTo(patient);
        assertThat(composition.getSection())
                .extracting(s -> s.getCode().getCodingFirstRep().getCode())
                .containsExactly("referral-open", "hba1c-overdue");

        List<DetectedIssue> issues = document.getEntry().stream()
                .filter(e -> e.getResource() instanceof DetectedIssue)
                .map(e -> (DetectedIssue) e.getResource())
                .toList();
        assertThat(issues).hasSize(2);
        for (DetectedIssue issue : issues) {
            assertThat(issue.getCode().getCoding()).extracting(Coding::getCode).contains("CAREGAP");
            assertThat(issue.getModifierExtension().get(0).getUrl()).isEqualTo(GapReport.GAP_STATUS_EXTENSION);
            assertThat(((CodeableConcept) issue.getModifierExtension().get(0).getValue())
                            .getCodingFirstRep()
                            .getCode())
                    .isEqualTo("open-gap");
            assertThat(issue.getPatient().getReference()).isEqualTo(patient);
            assertThat(issue.getMitigationFirstRep().getAction().getText()).isNotBlank();
        }
        assertThat(issues.get(0).getImplicated())
                .extracting(Reference::getReference)
                .containsExactly(referralId);
        assertThat(issues.get(0).getEvidenceFirstRep().getDetail())
                .extracting(Reference::getReference)
                .containsExactly(referralId);
        assertThat(issues.get(1).getImplicated())
                .extracting(Reference::getReference)
                .containsExactly(diabetesId);
    }

    @Test
    void aPhq9ScoreSentAsAnIntegerIsReportedNotAnError() {
        String patient = create(client, new Patient().setActive(true));
        Observation screen = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        screen.getCode().addCoding(new Coding("http://loinc.org", "44261-6", "PHQ-9 total score"));
        screen.setSubject(new Reference(patient));
        screen.setEffective(new DateTimeType(day(60)));
        screen.setValue(new IntegerType(15));
        String screenId = create(client, screen);

        Response response = http.get("/" + patient + "/$care-gaps?asOf=" + TODAY);

        assertThat(response.status()).isEqualTo(200);
        List<DetectedIssue> issues = detectedIssues(response);
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.getCode().getCoding())
                    .extracting(Coding::getCode)
                    .containsExactly("CAREGAP", "depression-follow-up-missing");
            assertThat(issue.getImplicated())
                    .extracting(Reference::getReference)
                    .containsExactly(screenId);
            assertThat(issue.getDetail()).startsWith("PHQ-9 of 15 with no repeat screen within 30 days");
        });
    }

    @Test
    void valuesReplacedByDataAbsentReasonsAreReadAsNoEvidenceNotRefused() {
        Patient unknownDeath = new Patient();
        unknownDeath.setActiveElement(absent(new BooleanType()));
        unknownDeath.setDeceased(absent(new DateTimeType()));
        String patient = create(client, unknownDeath);
        String diabetes = create(client, condition(patient, "44054006", "active"));
        Condition noStatusCode = condition(patient, "38341003", null);
        noStatusCode.getClinicalStatus().getCodingFirstRep().setCodeElement(absent(new CodeType()));
        create(client, noStatusCode);
        Observation notPerformed = new Observation().setStatus(Observation.ObservationStatus.CANCELLED);
        notPerformed.getCode().addCoding(new Coding("http://loinc.org", "4548-4", "Hemoglobin A1c"));
        notPerformed.setSubject(new Reference(patient));
        notPerformed.setEffective(new DateTimeType(day(60)));
        notPerformed.getDataAbsentReason().addCoding(new Coding(DATA_ABSENT, "not-performed", null));
        String hba1c = create(client, notPerformed);
        String stay = create(client, encounter(patient, new Coding(ACT_CODE, "IMP", null), day(29), day(25)));
        create(client, encounter(patient, new Coding().setDisplay("ambulatory"), day(22), day(22)));

        Response response = http.get("/" + patient + "/$care-gaps?asOf=" + TODAY);

        assertThat(response.status()).isEqualTo(200);
        List<DetectedIssue> issues = detectedIssues(response);
        assertThat(issues)
                .extracting(i -> i.getCode().getCoding().get(1).getCode())
                .containsExactly("hba1c-overdue", "post-discharge-follow-up-missing");
        assertThat(issues.get(0).getImplicated())
                .extracting(Reference::getReference)
                .containsExactly(diabetes, hba1c);
        assertThat(issues.get(0).getDetail())
                .isEqualTo("Active diabetes and no HbA1c on record; 1 HbA1c without a date or a result does not"
                        + " count");
        assertThat(issues.get(1).getImplicated())
                .extracting(Reference::getReference)
                .containsExactly(stay);
    }

    @Test
    void ruleParameterSelectsRulesAndAPatientWithoutGapsYieldsNoReturn() {
        String patient = create(client, new Patient().setActive(true));
        referral(patient, day(20));

        Parameters selected = FHIR.newJsonParser()
                .parseResource(
                        Parameters.class,
                        http.get("/" + patient + "/$care-gaps?asOf=" + TODAY + "&rule=hba1c-overdue")
                                .body());
        assertThat(selected.getParameter()).isEmpty();
        Parameters notOpenLongEnough = FHIR.newJsonParser()
                .parseResource(
                        Parameters.class,
                        http.get("/" + patient + "/$care-gaps?periodEnd=" + TODAY)
                                .body());
        assertThat(notOpenLongEnough.getParameter()).isEmpty();
    }

    @Test
    void aRecordLargerThanAPageIsReadWhole() {
        String patient = create(client, new Patient().setActive(true));
        for (int i = 0; i < 30; i++) {
            referral(patient, day(90));
        }

        Parameters parameters = FHIR.newJsonParser()
                .parseResource(
                        Parameters.class,
                        http.get("/" + patient + "/$care-gaps?asOf=" + TODAY + "&_count=5")
                                .body());

        Bundle document = (Bundle) parameters.getParameterFirstRep().getResource();
        assertThat(document.getEntry().stream().filter(e -> e.getResource() instanceof DetectedIssue))
                .hasSize(30);
    }

    @Test
    void badRequestsAreRefused() {
        String patient = create(client, new Patient());
        Response closed = http.get("/" + patient + "/$care-gaps?status=closed-gap");
        assertThat(closed.status()).isEqualTo(400);
        assertThat(closed.outcome().getIssueFirstRep().getDiagnostics())
                .startsWith("status 'closed-gap' is not supported");
        Response unknownRule = http.get("/" + patient + "/$care-gaps?rule=no-such-rule");
        assertThat(unknownRule.status()).isEqualTo(400);
        assertThat(unknownRule.outcome().getIssueFirstRep().getDiagnostics()).startsWith("Unknown rule 'no-such-rule'");
        assertThat(http.get("/Patient/nobody-" + patient.substring(8) + "/$care-gaps")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void operationAndRuleCodesArePublishedAndLinkedFromTheCapabilityStatement() {
        Bundle definitions = client.search()
                .byUrl("OperationDefinition?url=https://carerelay.org/fhir/OperationDefinition/care-gaps")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(definitions.getEntry()).hasSize(1);
        OperationDefinition definition =
                (OperationDefinition) definitions.getEntryFirstRep().getResource();
        assertThat(definition.getCode()).isEqualTo("care-gaps");
        assertThat(definition.getResource()).extracting(CodeType::getValue).containsExactly("Patient");
        assertThat(definition.getType()).isTrue();
        assertThat(definition.getInstance()).isTrue();
        assertThat(definition.getParameter())
                .extracting(OperationDefinition.OperationDefinitionParameterComponent::getName)
                .containsExactly(
                        "asOf",
                        "periodStart",
                        "periodEnd",
                        "rule",
                        "status",
                        "subject",
                        "practitioner",
                        "organization",
                        "_count",
                        "_cursor",
                        "_at",
                        "return",
                        "failure",
                        "next");

        Bundle codeSystems = client.search()
                .byUrl("CodeSystem?url=" + GapReport.CARE_GAP_RULE)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(codeSystems.getEntry()).hasSize(1);
        assertThat(((CodeSystem) codeSystems.getEntryFirstRep().getResource()).getConcept())
                .extracting(CodeSystem.ConceptDefinitionComponent::getCode)
                .containsExactly(Arrays.stream(CareGapRule.values())
                        .map(CareGapRule::code)
                        .toArray(String[]::new));

        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();
        var resources = capabilities.getRestFirstRep().getResource();
        assertThat(resources.stream()
                        .filter(r -> r.getType().equals("Patient"))
                        .flatMap(r -> r.getOperation().stream())
                        .filter(op -> op.getName().equals("care-gaps")))
                .extracting(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getDefinition)
                .containsExactly(definition.getUrl());
        // and on Measure, DEQM's entry point to the same reports (MeasureCareGapsIT); nowhere else
        assertThat(resources.stream()
                        .filter(r ->
                                !r.getType().equals("Patient") && !r.getType().equals("Measure"))
                        .flatMap(r -> r.getOperation().stream()))
                .noneMatch(op -> op.getName().equals("care-gaps"));
    }

    /**
     * The day {@code days} before today. The record is written today, and the rules judge a past day by the record as
     * it stood then (PastAsOfCareGapsIT), so these reports are asked as of today.
     */
    private static String day(int days) {
        return TODAY.minusDays(days).toString();
    }

    private static Condition condition(String patient, String snomed, String clinicalStatus) {
        Condition condition = new Condition().setSubject(new Reference(patient));
        condition.getClinicalStatus().addCoding(new Coding(CLINICAL, clinicalStatus, null));
        condition.getCode().addCoding(new Coding("http://snomed.info/sct", snomed, null));
        condition.setOnset(new DateTimeType("2020-01-01"));
        return condition;
    }

    private static Encounter encounter(String patient, Coding class_, String start, String end) {
        Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setSubject(new Reference(patient)).setClass_(class_);
        encounter.getPeriod().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end));
        return encounter;
    }

    /** The element with its value replaced by a data-absent-reason extension. */
    private static <E extends Element> E absent(E element) {
        element.addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason", new CodeType("unknown"));
        return element;
    }

    private String referral(String patient, String authored) {
        ServiceRequest referral = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setAuthoredOnElement(new DateTimeType(authored));
        referral.setSubject(new Reference(patient));
        referral.getCode().setText("behavioral health referral");
        return create(client, referral);
    }

    /** The DetectedIssues of the one report a single-patient answer holds. */
    private static List<DetectedIssue> detectedIssues(Response response) {
        Bundle document = (Bundle) FHIR.newJsonParser()
                .parseResource(Parameters.class, response.body())
                .getParameterFirstRep()
                .getResource();
        return document.getEntry().stream()
                .filter(e -> e.getResource() instanceof DetectedIssue)
                .map(e -> (DetectedIssue) e.getResource())
                .toList();
    }
}
