package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.scenario.ScenarioGenerator;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlannedGap;
import org.carerelay.caregap.scenario.ScenarioLoader;
import org.carerelay.caregap.scenario.ScenarioLoader.Planted;
import org.carerelay.handoff.HandoffGuard;
import org.carerelay.handoff.HandoffProperties.GuardMode;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Da Vinci DEQM's {@code Measure/$care-gaps} over HTTP on a generated population: the rules named as Measures (by id,
 * canonical or identifier) find exactly their planted gaps, each gap names its rule's individual MeasureReport, the
 * walk pages like {@code Patient/$care-gaps}, and a Measure this server does not publish is refused naming the
 * parameter.
 */
class MeasureCareGapsIT extends AbstractFhirIT {

    static final LocalDate AS_OF = LocalDate.now(java.time.ZoneOffset.UTC);
    static final ScenarioGenerator GENERATOR = new ScenarioGenerator(17, AS_OF, "mcg");
    static final int PATIENTS = 40;
    static final String GROUP = "Group/mcg-all";

    private static Planted planted;

    @Autowired
    HandoffGuard guard;

    @BeforeEach
    void loadPopulationOnce() throws Exception {
        synchronized (MeasureCareGapsIT.class) {
            if (planted != null) {
                return;
            }
            guard.mode(GuardMode.WARN);
            try {
                planted = new ScenarioLoader(client).load(GENERATOR, PATIENTS);
            } finally {
                guard.mode(GuardMode.ENFORCE);
            }
            Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
            group.setId(GROUP);
            planted.patients().forEach(p -> group.addMember().setEntity(new Reference("Patient/" + p.patientId())));
            client.update().resource(group).execute();
        }
    }

    @Test
    void everyMeasureFindsItsPlantedGapsAndNamesItsMeasureReport() {
        List<Bundle> reports = walk("subject=" + GROUP, 6);

        assertThat(gaps(reports)).containsExactlyInAnyOrderElementsOf(planned(EnumSet.allOf(CareGapRule.class)));
        assertThat(planted.byRule().keySet()).hasSizeGreaterThanOrEqualTo(8);
        for (Bundle report : reports) {
            assertMeasureReports(report);
        }
    }

    @Test
    void measureIdUrlAndIdentifierSelectTheRules() {
        String query = "subject=" + GROUP + "&measureId=hba1c-overdue"
                + "&measureUrl=https://carerelay.org/fhir/Measure/referral-open"
                + "&measureIdentifier=" + GapReport.CARE_GAP_RULE + "%7Ctask-overdue&status=open-gap";
        Set<CareGapRule> selected =
                EnumSet.of(CareGapRule.HBA1C_OVERDUE, CareGapRule.REFERRAL_OPEN, CareGapRule.TASK_OVERDUE);
        List<PlannedGap> expected = planned(selected);
        assertThat(expected).isNotEmpty();

        assertThat(gaps(walk(query, 3))).containsExactlyInAnyOrderElementsOf(expected);
        // a bare code is an identifier too, and a version of the canonical is ignored
        assertThat(gaps(walk(
                        "subject=" + GROUP + "&measureIdentifier=hba1c-overdue"
                                + "&measureUrl=https://carerelay.org/fhir/Measure/referral-open%7C1.0.0"
                                + "&measureId=task-overdue",
                        50)))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void organizationAndPractitionerNarrowAsOnPatientCareGaps() {
        String organization = "Organization/" + GENERATOR.organization(1);
        Set<String> managed = java.util.stream.IntStream.range(0, PATIENTS)
                .mapToObj(GENERATOR::patient)
                .filter(p -> p.gapCount() > 0)
                .filter(p -> p.resources().stream()
                        .anyMatch(r -> r instanceof org.hl7.fhir.r4.model.Patient patient
                                && patient.getManagingOrganization()
                                        .getReference()
                                        .equals(organization)))
                .map(p -> p.patientId())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(managed).isNotEmpty();
        assertThat(patients(walk("organization=" + organization, 5))).isEqualTo(managed);

        String cardiologist = "Practitioner/" + GENERATOR.practitionerId(ScenarioGenerator.Role.CARDIOLOGIST, 0);
        Response byPatient =
                http.get("/Patient/$care-gaps?asOf=" + AS_OF + "&practitioner=" + cardiologist + "&_count=500");
        assertThat(byPatient.status()).isEqualTo(200);
        Set<String> expected =
                patients(reports(FHIR.newJsonParser().parseResource(Parameters.class, byPatient.body())));
        assertThat(expected).isNotEmpty();
        assertThat(patients(walk("practitioner=" + cardiologist, 5))).isEqualTo(expected);
    }

    private static Set<String> patients(List<Bundle> reports) {
        return reports.stream()
                .map(b -> ((Composition) b.getEntryFirstRep().getResource())
                        .getSubject()
                        .getReference()
                        .substring("Patient/".length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theNextLinkStaysOnMeasureCareGaps() {
        Response first = http.get("/Measure/$care-gaps?subject=" + GROUP + "&periodStart=2000-01-01&periodEnd=" + AS_OF
                + "&measureId=referral-open&measureId=task-overdue&_count=1");
        assertThat(first.status()).isEqualTo(200);
        Parameters page = FHIR.newJsonParser().parseResource(Parameters.class, first.body());
        String next = ((UriType) page.getParameter("next").getValue()).getValue();
        assertThat(next)
                .startsWith(baseUrl() + "/Measure/$care-gaps?periodEnd=" + AS_OF + "&_at=")
                .contains("&measureId=referral-open&measureId=task-overdue&subject=Group%2Fmcg-all&_count=1&_cursor=");
        assertThat(first.header("Link")).isEqualTo("<" + next + ">; rel=\"next\"");
    }

    @Test
    void postAnswersAsGet() {
        Parameters posted = new Parameters();
        posted.addParameter("periodStart", new DateType(AS_OF.minusYears(1).toString()));
        posted.addParameter("periodEnd", new DateType(AS_OF.toString()));
        posted.addParameter("subject", new StringType(GROUP));
        posted.addParameter("status", new CodeType("open-gap"));
        posted.addParameter("measureUrl", new CanonicalType("https://carerelay.org/fhir/Measure/hba1c-overdue"));
        posted.addParameter("_count", new org.hl7.fhir.r4.model.IntegerType(500));

        Parameters byPost = client.operation()
                .onType(Measure.class)
                .named("$care-gaps")
                .withParameters(posted)
                .execute();

        assertThat(gaps(reports(byPost)))
                .containsExactlyInAnyOrderElementsOf(planned(EnumSet.of(CareGapRule.HBA1C_OVERDUE)));
    }

    @Test
    void unknownMeasuresAndStatusesAreRefusedNamingTheParameter() {
        assertRefused("/Measure/$care-gaps?measureId=EXM130-FHIR", "measureId", "measureId 'EXM130-FHIR'");
        assertRefused(
                "/Measure/$care-gaps?measureUrl=https://carerelay.org/fhir/Measure/referral-loop-closure",
                "measureUrl",
                "measureUrl 'https://carerelay.org/fhir/Measure/referral-loop-closure'");
        assertRefused(
                "/Measure/$care-gaps?measureIdentifier=http://example.org%7Chba1c-overdue",
                "measureIdentifier", "measureIdentifier 'http://example.org|hba1c-overdue'");
        Response status = http.get("/Measure/$care-gaps?status=closed-gap");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.outcome().getIssueFirstRep().getDiagnostics())
                .isEqualTo("status 'closed-gap' is not supported: CareRelay reports open gaps only (status=open-gap)");
        assertThat(http.get("/Measure/$care-gaps?periodEnd=2021-02-30").status())
                .isEqualTo(400);
    }

    @Test
    void eachRuleIsAPublishedMeasureAndTheOperationIsLinked() {
        for (CareGapRule rule : CareGapRule.values()) {
            Bundle found = client.search()
                    .byUrl("Measure?url=https://carerelay.org/fhir/Measure/" + rule.code())
                    .returnBundle(Bundle.class)
                    .execute();
            assertThat(found.getEntry()).as(rule.code()).hasSize(1);
            Measure measure = (Measure) found.getEntryFirstRep().getResource();
            assertThat(measure.getIdElement().getIdPart()).isEqualTo(rule.code());
            assertThat(measure.getDescription()).startsWith(rule.title() + ": ");
        }
        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();
        Map<String, String> definitions = new HashMap<>();
        capabilities
                .getRestFirstRep()
                .getResource()
                .forEach(r -> r.getOperation().stream()
                        .filter(op -> op.getName().equals("care-gaps"))
                        .forEach(op -> definitions.put(r.getType(), op.getDefinition())));
        assertThat(definitions)
                .containsEntry("Measure", "https://carerelay.org/fhir/OperationDefinition/measure-care-gaps")
                .containsEntry("Patient", "https://carerelay.org/fhir/OperationDefinition/care-gaps");
    }

    /** Each section's focus and each of its DetectedIssues' last evidence: the rule's individual MeasureReport. */
    static void assertMeasureReports(Bundle report) {
        Map<String, Resource> entries = new HashMap<>();
        report.getEntry().forEach(e -> entries.put(e.getFullUrl(), e.getResource()));
        Composition composition = (Composition) report.getEntryFirstRep().getResource();
        int measureReports = 0;
        for (Composition.SectionComponent section : composition.getSection()) {
            String rule = section.getCode().getCodingFirstRep().getCode();
            MeasureReport measureReport =
                    (MeasureReport) entries.get(section.getFocus().getReference());
            measureReports++;
            assertThat(measureReport.getType()).isEqualTo(MeasureReport.MeasureReportType.INDIVIDUAL);
            assertThat(measureReport.getStatus()).isEqualTo(MeasureReport.MeasureReportStatus.COMPLETE);
            assertThat(measureReport.getMeasure()).isEqualTo("https://carerelay.org/fhir/Measure/" + rule);
            assertThat(measureReport.getSubject().getReference())
                    .isEqualTo(composition.getSubject().getReference());
            assertThat(measureReport.getPeriod().getEndElement().getValueAsString())
                    .isEqualTo(AS_OF.toString());
            for (Reference entry : section.getEntry()) {
                DetectedIssue issue = (DetectedIssue) entries.get(entry.getReference());
                assertThat(issue.getMeta().getProfile())
                        .extracting(CanonicalType::getValue)
                        .containsExactly(GapReport.DETECTED_ISSUE_PROFILE);
                DetectedIssue.DetectedIssueEvidenceComponent last =
                        issue.getEvidence().get(issue.getEvidence().size() - 1);
                assertThat(last.getDetail())
                        .extracting(Reference::getReference)
                        .containsExactly(section.getFocus().getReference());
            }
        }
        assertThat(report.getEntry().stream().filter(e -> e.getResource() instanceof MeasureReport))
                .hasSize(measureReports);
    }

    private void assertRefused(String path, String parameter, String diagnosticsStart) {
        Response response = http.get(path);
        assertThat(response.status()).as(path).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue =
                response.outcome().getIssueFirstRep();
        assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
        assertThat(issue.getExpression()).extracting(StringType::getValue).containsExactly(parameter);
        assertThat(issue.getDiagnostics())
                .startsWith(diagnosticsStart + " names no Measure of this server; its Measures are the care-gap rules "
                        + Arrays.stream(CareGapRule.values())
                                .map(CareGapRule::code)
                                .collect(Collectors.joining(", ")));
    }

    /** Every report of a population, following the next links from the first page. */
    private List<Bundle> walk(String filters, int count) {
        List<Bundle> reports = new ArrayList<>();
        String url = baseUrl() + "/Measure/$care-gaps?periodEnd=" + AS_OF + "&" + filters + "&_count=" + count;
        while (url != null) {
            Response response = http.get(url.substring(baseUrl().length()));
            assertThat(response.status()).as(url).isEqualTo(200);
            Parameters page = FHIR.newJsonParser().parseResource(Parameters.class, response.body());
            List<Bundle> pageReports = reports(page);
            assertThat(pageReports.size()).isLessThanOrEqualTo(count);
            reports.addAll(pageReports);
            url = page.getParameter("next") == null
                    ? null
                    : ((UriType) page.getParameter("next").getValue()).getValue();
        }
        return reports;
    }

    private static List<Bundle> reports(Parameters parameters) {
        return parameters.getParameter().stream()
                .filter(p -> p.getName().equals("return"))
                .map(p -> (Bundle) p.getResource())
                .toList();
    }

    /** Every gap the reports hold: patient, rule and the evidence it implicates. */
    private static List<PlannedGap> gaps(List<Bundle> reports) {
        List<PlannedGap> found = new ArrayList<>();
        for (Bundle report : reports) {
            for (Bundle.BundleEntryComponent entry : report.getEntry()) {
                if (entry.getResource() instanceof DetectedIssue issue) {
                    found.add(new PlannedGap(
                            issue.getPatient().getReference().substring("Patient/".length()),
                            Arrays.stream(CareGapRule.values())
                                    .filter(r -> r.code()
                                            .equals(issue.getCode()
                                                    .getCoding()
                                                    .get(1)
                                                    .getCode()))
                                    .findFirst()
                                    .orElseThrow(),
                            issue.getImplicated().stream()
                                    .map(Reference::getReference)
                                    .collect(Collectors.toCollection(TreeSet::new))));
                }
            }
        }
        return found;
    }

    private static List<PlannedGap> planned(Set<CareGapRule> rules) {
        return planted.patients().stream()
                .flatMap(p -> p.planned().stream())
                .filter(gap -> rules.contains(gap.rule()))
                .toList();
    }
}
