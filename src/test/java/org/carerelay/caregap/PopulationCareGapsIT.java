package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.model.search.SearchStatusEnum;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.scenario.ScenarioGenerator;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlannedGap;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlantedPatient;
import org.carerelay.caregap.scenario.ScenarioLoader;
import org.carerelay.caregap.scenario.ScenarioLoader.Planted;
import org.carerelay.handoff.HandoffGuard;
import org.carerelay.handoff.HandoffProperties.GuardMode;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code $care-gaps} over HTTP on a generated population: every planted gap is found, per patient and per rule, and
 * nothing else; the population filters, paging and the report's shape.
 */
class PopulationCareGapsIT extends AbstractFhirIT {

    /** Today: the record is written today, and a past day is judged by the record as it stood then (PastAsOfCareGapsIT). */
    static final LocalDate AS_OF = LocalDate.now(java.time.ZoneOffset.UTC);

    static final ScenarioGenerator GENERATOR = new ScenarioGenerator(7, AS_OF, "it7");
    static final int PATIENTS = 80;
    static final String GROUP = "Group/it7-all";

    private static Planted planted;

    @Autowired
    HandoffGuard guard;

    @Autowired
    ISearchCacheSvc searchCache;

    @BeforeEach
    void loadPopulationOnce() throws Exception {
        synchronized (PopulationCareGapsIT.class) {
            if (planted != null) {
                return;
            }
            // The generated handoffs are in every state, complete or not: store them as a busy practice would have.
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
    void everyPlantedGapIsFoundOnceAndNothingElse() {
        List<PlannedGap> found = gaps(walk("subject=" + GROUP, 7));

        assertThat(found).containsExactlyInAnyOrderElementsOf(planned(planted.patients()));
        Map<CareGapRule, Integer> byRule = planted.byRule();
        assertThat(byRule.keySet()).containsExactlyInAnyOrder(CareGapRule.values());
        assertThat(byRule.values()).allMatch(n -> n >= 2);
        assertThat(planted.withGaps().size()).isLessThan(PATIENTS);
    }

    @Test
    void eachRuleAloneFindsExactlyItsPlantedGaps() {
        for (CareGapRule rule : CareGapRule.values()) {
            List<PlannedGap> found = gaps(walk("subject=" + GROUP + "&rule=" + rule.code(), 50));
            assertThat(found)
                    .as(rule.code())
                    .containsExactlyInAnyOrderElementsOf(planned(planted.patients()).stream()
                            .filter(gap -> gap.rule() == rule)
                            .toList());
        }
    }

    @Test
    void onePatientAnswersWhatThePopulationSaysOfIt() {
        List<PlantedPatient> sample = new ArrayList<>(planted.withGaps().subList(0, 5));
        sample.add(planted.patients().stream()
                .filter(p -> p.gapCount() == 0)
                .findFirst()
                .orElseThrow());
        for (PlantedPatient patient : sample) {
            Response response = http.get("/Patient/" + patient.patientId() + "/$care-gaps?asOf=" + AS_OF);
            assertThat(response.status()).isEqualTo(200);
            Parameters parameters = FHIR.newJsonParser().parseResource(Parameters.class, response.body());
            assertThat(gaps(reports(parameters)))
                    .as(patient.patientId())
                    .containsExactlyInAnyOrderElementsOf(patient.planned());
        }
    }

    @Test
    void organizationAndPractitionerNarrowThePopulation() {
        String organization = "Organization/" + GENERATOR.organization(1);
        assertThat(patientsWithGaps(walk("subject=" + GROUP + "&organization=" + organization, 20)))
                .isEqualTo(expectedPatients(r -> r instanceof Patient p
                        && p.getManagingOrganization().getReference().equals(organization)));

        String cardiologist = "Practitioner/" + GENERATOR.practitionerId(ScenarioGenerator.Role.CARDIOLOGIST, 0);
        Set<String> onActiveTeams = expectedPatients(r -> r instanceof CareTeam t
                && t.getStatus() == CareTeam.CareTeamStatus.ACTIVE
                && t.getParticipant().stream()
                        .anyMatch(m -> m.getMember().getReference().equals(cardiologist)));
        assertThat(onActiveTeams).isNotEmpty();
        assertThat(patientsWithGaps(walk("practitioner=" + cardiologist, 20))).isEqualTo(onActiveTeams);

        String primaryCare = "Practitioner/" + GENERATOR.practitionerId(ScenarioGenerator.Role.PRIMARY_CARE, 3);
        Set<String> panel = expectedPatients(r -> (r instanceof Patient p
                        && p.getGeneralPractitionerFirstRep().getReference().equals(primaryCare))
                || (r instanceof CareTeam t
                        && t.getStatus() == CareTeam.CareTeamStatus.ACTIVE
                        && t.getParticipant().stream()
                                .anyMatch(m -> m.getMember().getReference().equals(primaryCare))));
        assertThat(panel).isNotEmpty();
        assertThat(patientsWithGaps(walk("practitioner=" + primaryCare + "&subject=" + GROUP, 20)))
                .isEqualTo(panel);

        assertThat(walk("practitioner=Practitioner/nobody-at-all", 20)).isEmpty();
    }

    @Test
    void aPatientOrAGroupWithInactiveMembersCanBeTheSubject() {
        List<PlantedPatient> withGaps = planted.withGaps();
        PlantedPatient one = withGaps.get(0);
        assertThat(gaps(walk("subject=Patient/" + one.patientId(), 20)))
                .containsExactlyInAnyOrderElementsOf(one.planned());

        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.addMember().setEntity(new Reference("Patient/" + withGaps.get(1).patientId()));
        group.addMember()
                .setEntity(new Reference("Patient/" + withGaps.get(2).patientId()))
                .setInactive(true);
        String groupId = create(client, group);
        assertThat(patientsWithGaps(walk("subject=" + groupId, 20)))
                .containsExactly(withGaps.get(1).patientId());
    }

    @Test
    void groupMembersWithValuesReplacedByDataAbsentReasonsAreReadNotRefused() {
        List<PlantedPatient> withGaps = planted.withGaps();
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        // an inactive flag without a value does not mark the member inactive
        group.addMember()
                .setEntity(new Reference("Patient/" + withGaps.get(3).patientId()))
                .setInactiveElement(absent(new BooleanType()));
        // an entity without a reference string names nobody
        group.addMember().setEntity(new Reference().setReferenceElement(absent(new StringType())));
        String groupId = create(client, group);
        assertThat(patientsWithGaps(walk("subject=" + groupId, 20)))
                .containsExactly(withGaps.get(3).patientId());
    }

    @Test
    void groupMemberOnAnotherServerIsNoLocalPatient() {
        List<PlantedPatient> withGaps = planted.withGaps();
        String elsewhere =
                "https://hospital.example.org/fhir/Patient/" + withGaps.get(4).patientId();
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.addMember().setEntity(new Reference(elsewhere));
        group.addMember().setEntity(new Reference("Patient/" + withGaps.get(5).patientId()));
        assertThat(patientsWithGaps(walk("subject=" + create(client, group), 20)))
                .containsExactly(withGaps.get(5).patientId());

        // with an inactive member, the active ones are named one by one: the foreign one still is not ours
        Group withInactive = new Group().setType(Group.GroupType.PERSON).setActual(true);
        withInactive.addMember().setEntity(new Reference(elsewhere));
        withInactive
                .addMember()
                .setEntity(new Reference("Patient/" + withGaps.get(5).patientId()));
        withInactive
                .addMember()
                .setEntity(new Reference("Patient/" + withGaps.get(6).patientId()))
                .setInactive(true);
        assertThat(patientsWithGaps(walk("subject=" + create(client, withInactive), 20)))
                .containsExactly(withGaps.get(5).patientId());
    }

    @Test
    void subjectOnAnotherServerIsRefused() {
        assertThat(http.get("/Patient/$care-gaps?subject=https://hospital.example.org/fhir/" + GROUP)
                        .status())
                .isEqualTo(400);
    }

    private static <E extends Element> E absent(E element) {
        element.addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason", new CodeType("unknown"));
        return element;
    }

    @Test
    void theRecordDrawnOntoStoredPatientsPlantsItsGaps() throws Exception {
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            stored.add(create(client, new Patient().setActive(true)).substring("Patient/".length()));
        }
        ScenarioGenerator generator = new ScenarioGenerator(8, AS_OF, "it8");
        guard.mode(GuardMode.WARN);
        Planted onto;
        try {
            onto = new ScenarioLoader(client).loadOnto(generator, stored);
        } finally {
            guard.mode(GuardMode.ENFORCE);
        }

        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        stored.forEach(id -> group.addMember().setEntity(new Reference("Patient/" + id)));
        List<PlannedGap> expected = planned(onto.patients());
        assertThat(expected).isNotEmpty();
        assertThat(gaps(walk("subject=" + create(client, group), 20))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aWalkOfTodayKeepsTheInstantOfItsFirstPage() {
        Response first = http.get("/Patient/$care-gaps?subject=" + GROUP + "&_count=1");
        assertThat(first.status()).isEqualTo(200);
        Parameters page = FHIR.newJsonParser().parseResource(Parameters.class, first.body());
        String next = ((UriType) page.getParameter("next").getValue()).getValue();
        String at = java.net.URLDecoder.decode(
                next.replaceAll(".*[?&]_at=([^&]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
        java.time.Instant pinned = java.time.Instant.parse(at);
        assertThat(pinned).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        assertThat(next).contains("asOf=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC));

        Response second = http.get(next.substring(baseUrl().length()));
        assertThat(second.status()).isEqualTo(200);
        Parameters secondPage = FHIR.newJsonParser().parseResource(Parameters.class, second.body());
        String nextAgain = ((UriType) secondPage.getParameter("next").getValue()).getValue();
        assertThat(nextAgain)
                .contains("_at=" + java.net.URLEncoder.encode(at, java.nio.charset.StandardCharsets.UTF_8));
        // every gap of the walk states that instant
        assertThat(reports(secondPage))
                .flatMap(report -> report.getEntry().stream()
                        .map(e -> e.getResource())
                        .filter(r -> r instanceof org.hl7.fhir.r4.model.DetectedIssue)
                        .map(r -> ((org.hl7.fhir.r4.model.DetectedIssue) r)
                                .getIdentifiedDateTimeType()
                                .getValue()
                                .toInstant())
                        .toList())
                .isNotEmpty()
                .containsOnly(pinned);
    }

    @Test
    void aPageOfOneStoresTheWholePopulationInOnePass() {
        Response first = http.get("/Patient/$care-gaps?subject=" + GROUP + "&asOf=" + AS_OF + "&_count=1");
        assertThat(first.status()).isEqualTo(200);
        Parameters page = FHIR.newJsonParser().parseResource(Parameters.class, first.body());
        assertThat(reports(page)).hasSize(1);
        String next = ((UriType) page.getParameter("next").getValue()).getValue();
        assertThat(next).contains("&_count=1&_cursor=");
        String cursor = java.net.URLDecoder.decode(
                next.replaceAll(".*[?&]_cursor=([^&]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);

        // HAPI would have stored 14 row ids (a pass the size of _count, at least 13, and one more) and loaded the
        // rest in a further pass, each such pass starting after a half-second wait
        Search search = searchCache
                .fetchByUuid(cursor.substring(0, cursor.indexOf('.')), RequestPartitionId.allPartitions())
                .orElseThrow();
        assertThat(search.getStatus()).isEqualTo(SearchStatusEnum.FINISHED);
        Bundle population = client.search()
                .forResource(Patient.class)
                .whereMap(Map.of("_has:Group:member:_id", List.of("it7-all"), "active:not", List.of("false")))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(population.getTotal()).isGreaterThan(14);
        assertThat(search.getNumFound()).isEqualTo(population.getTotal());
    }

    @Test
    void pagesCarryNextLinksInTheBodyAndTheLinkHeader() {
        Response first = http.get("/Patient/$care-gaps?subject=" + GROUP + "&asOf=" + AS_OF + "&_count=4");
        assertThat(first.status()).isEqualTo(200);
        Parameters page = FHIR.newJsonParser().parseResource(Parameters.class, first.body());
        assertThat(reports(page)).hasSize(4);
        String next = ((UriType) page.getParameter("next").getValue()).getValue();
        // today's walk pins the instant of its first page (_at)
        assertThat(next)
                .startsWith(baseUrl() + "/Patient/$care-gaps?asOf=" + AS_OF + "&_at=")
                .contains("&subject=Group%2Fit7-all&_count=4&_cursor=");
        assertThat(first.header("Link")).isEqualTo("<" + next + ">; rel=\"next\"");

        Parameters posted = new Parameters();
        posted.addParameter("subject", new StringType(GROUP));
        posted.addParameter("asOf", new org.hl7.fhir.r4.model.DateType(AS_OF.toString()));
        posted.addParameter("_count", new org.hl7.fhir.r4.model.IntegerType(4));
        Parameters byPost = client.operation()
                .onType(Patient.class)
                .named("$care-gaps")
                .withParameters(posted)
                .execute();
        assertThat(patientsOf(reports(byPost))).isEqualTo(patientsOf(reports(page)));

        Response last = http.get("/Patient/$care-gaps?subject=" + GROUP + "&asOf=" + AS_OF + "&_count=500");
        Parameters all = FHIR.newJsonParser().parseResource(Parameters.class, last.body());
        assertThat(reports(all)).hasSize(planted.withGaps().size());
        assertThat(all.getParameter("next")).isNull();
        assertThat(last.header("Link")).isNull();
    }

    @Test
    void badPopulationRequestsAreRefused() {
        assertRefused("/Patient/$care-gaps?_count=0", 400, "_count must be between 1 and 500, not 0");
        assertRefused(
                "/Patient/$care-gaps?_offset=20",
                400,
                "_offset is not supported by $care-gaps; follow the next link (_cursor) instead");
        assertRefused(
                "/Patient/$care-gaps?subject=Organization/x",
                400,
                "subject 'Organization/x' must be a reference to a Group or Patient, such as Group/123");
        assertRefused(
                "/Patient/$care-gaps?practitioner=nobody",
                400,
                "practitioner 'nobody' must be a reference to a Practitioner or PractitionerRole, such as"
                        + " Practitioner/123");
        assertRefused(
                "/Patient/$care-gaps?_cursor=not-a-cursor",
                400,
                "_cursor 'not-a-cursor' is not a cursor of this server; take the next link of the previous page as"
                        + " it is");
        Bundle observations = client.search()
                .forResource(org.hl7.fhir.r4.model.Observation.class)
                .count(1)
                .returnBundle(Bundle.class)
                .execute();
        String otherSearch = observations.getLink(Bundle.LINK_NEXT).getUrl().replaceAll(".*_getpages=([^&]+).*", "$1");
        assertRefused(
                "/Patient/$care-gaps?_cursor=" + otherSearch + ".0",
                400,
                "_cursor '" + otherSearch + ".0' is not a cursor of this server; take the next link of the previous"
                        + " page as it is");
        assertRefused(
                "/Patient/$care-gaps?_cursor=abc.-4",
                400,
                "_cursor 'abc.-4' is not a cursor of this server; take the next link of the previous page as it is");
        assertThat(http.get("/Patient/$care-gaps?_cursor=0d8c4c8e-0000-4000-8000-000000000000.20")
                        .status())
                .isEqualTo(410);
        assertThat(http.get("/Patient/$care-gaps?subject=Group/no-such-group").status())
                .isEqualTo(404);
        assertRefused(
                "/Patient/$care-gaps?status=closed-gap",
                400,
                "status 'closed-gap' is not supported: CareRelay" + " reports open gaps only (status=open-gap)");
    }

    @Test
    void reportFollowsTheDesignElementByElement() {
        PlantedPatient patient = planted.withGaps().stream()
                .filter(p -> p.gaps().size() >= 2)
                .findFirst()
                .orElseThrow();
        Response response = http.get("/Patient/" + patient.patientId() + "/$care-gaps?asOf=" + AS_OF);
        Parameters parameters = FHIR.newJsonParser().parseResource(Parameters.class, response.body());
        assertThat(parameters.getParameter()).hasSize(1);
        assertThat(parameters.getParameterFirstRep().getName()).isEqualTo("return");
        Bundle document = (Bundle) parameters.getParameterFirstRep().getResource();

        assertThat(document.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        assertThat(document.getIdentifier().getSystem()).isEqualTo("urn:ietf:rfc:3986");
        assertThat(document.getIdentifier().getValue()).startsWith("urn:uuid:");
        assertThat(document.hasTimestamp()).isTrue();
        Composition composition = (Composition) document.getEntryFirstRep().getResource();
        assertThat(composition.getStatus()).isEqualTo(Composition.CompositionStatus.FINAL);
        assertThat(composition.getType().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(composition.getType().getCodingFirstRep().getCode()).isEqualTo("96315-7");
        String subject = "Patient/" + patient.patientId();
        assertThat(composition.getSubject().getReference()).isEqualTo(subject);
        assertThat(composition.getAuthorFirstRep().getDisplay()).isEqualTo("CareRelay");
        assertThat(composition.getSection())
                .extracting(s -> s.getCode().getCodingFirstRep().getCode())
                .containsExactlyElementsOf(
                        patient.gaps().keySet().stream().map(CareGapRule::code).toList());

        Map<String, Resource> entries = new HashMap<>();
        document.getEntry().forEach(e -> entries.put(e.getFullUrl(), e.getResource()));
        assertThat(entries.get(baseUrl() + "/" + subject)).isInstanceOf(Patient.class);
        for (Composition.SectionComponent section : composition.getSection()) {
            CareGapRule rule = rule(section.getCode().getCodingFirstRep().getCode());
            assertThat(section.getCode().getCodingFirstRep().getSystem()).isEqualTo(GapReport.CARE_GAP_RULE);
            assertThat(section.getTitle()).isEqualTo(rule.title());
            assertThat(section.getEntry()).hasSize(patient.gaps().get(rule));
            for (Reference entry : section.getEntry()) {
                DetectedIssue issue = (DetectedIssue) entries.get(entry.getReference());
                assertThat(issue.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.FINAL);
                assertThat(issue.getCode().getCoding())
                        .extracting(Coding::getSystem, Coding::getCode)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple(GapReport.ACT_CODE, "CAREGAP"),
                                org.assertj.core.groups.Tuple.tuple(GapReport.CARE_GAP_RULE, rule.code()));
                assertThat(issue.getModifierExtension()).hasSize(1);
                assertThat(issue.getModifierExtension().get(0).getUrl()).isEqualTo(GapReport.GAP_STATUS_EXTENSION);
                Coding status =
                        ((CodeableConcept) issue.getModifierExtension().get(0).getValue()).getCodingFirstRep();
                assertThat(status.getSystem()).isEqualTo(GapReport.GAP_STATUS);
                assertThat(status.getCode()).isEqualTo("open-gap");
                assertThat(issue.getPatient().getReference()).isEqualTo(subject);
                assertThat(issue.getIdentifiedDateTimeType().getValueAsString()).startsWith(AS_OF.toString());
                assertThat(issue.getDetail()).isNotBlank();
                assertThat(issue.getMitigationFirstRep().getAction().getText()).isEqualTo(rule.mitigation());
                List<String> implicated = issue.getImplicated().stream()
                        .map(Reference::getReference)
                        .toList();
                assertThat(implicated).isNotEmpty();
                // one evidence entry per finding: its text, and the resource it names (none for what was not found)
                // and last, the rule's individual MeasureReport, the focus of the section
                List<DetectedIssue.DetectedIssueEvidenceComponent> findings =
                        issue.getEvidence().subList(0, issue.getEvidence().size() - 1);
                assertThat(findings.stream()
                                .flatMap(e -> e.getDetail().stream())
                                .map(Reference::getReference))
                        .containsExactlyElementsOf(implicated);
                String measureReport = issue.getEvidence()
                        .get(issue.getEvidence().size() - 1)
                        .getDetailFirstRep()
                        .getReference();
                assertThat(section.getFocus().getReference()).isEqualTo(measureReport);
                assertThat(((org.hl7.fhir.r4.model.MeasureReport) entries.get(measureReport)).getMeasure())
                        .isEqualTo("https://carerelay.org/fhir/Measure/" + rule.code());
                assertThat(issue.getEvidence())
                        .allSatisfy(e -> assertThat(e.getCodeFirstRep().getText())
                                .isNotBlank()
                                .isEqualTo(
                                        e.hasDetail()
                                                ? e.getDetailFirstRep().getDisplay()
                                                : e.getCodeFirstRep().getText()));
                implicated.forEach(
                        r -> assertThat(entries.get(baseUrl() + "/" + r)).as(r).isNotNull());
            }
        }
    }

    private void assertRefused(String path, int status, String diagnostics) {
        Response response = http.get(path);
        assertThat(response.status()).as(path).isEqualTo(status);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).isEqualTo(diagnostics);
    }

    /** Every report of a population, following the next links from the first page. */
    private List<Bundle> walk(String filters, int count) {
        List<Bundle> reports = new ArrayList<>();
        String url = baseUrl() + "/Patient/$care-gaps?asOf=" + AS_OF + "&" + filters + "&_count=" + count;
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
        assertThat(patientsOf(reports)).doesNotHaveDuplicates();
        return reports;
    }

    private static List<Bundle> reports(Parameters parameters) {
        return parameters.getParameter().stream()
                .filter(p -> p.getName().equals("return"))
                .map(p -> (Bundle) p.getResource())
                .toList();
    }

    private static List<String> patientsOf(List<Bundle> reports) {
        return reports.stream()
                .map(b -> ((Composition) b.getEntryFirstRep().getResource())
                        .getSubject()
                        .getReference()
                        .substring("Patient/".length()))
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
                            rule(issue.getCode().getCoding().get(1).getCode()),
                            issue.getImplicated().stream()
                                    .map(Reference::getReference)
                                    .collect(Collectors.toCollection(TreeSet::new))));
                }
            }
        }
        return found;
    }

    private static List<PlannedGap> planned(List<PlantedPatient> patients) {
        return patients.stream().flatMap(p -> p.planned().stream()).toList();
    }

    private static Set<String> patientsWithGaps(List<Bundle> reports) {
        return new TreeSet<>(patientsOf(reports));
    }

    /** The generated patients with planted gaps that have a resource matching the predicate. */
    private static Set<String> expectedPatients(Predicate<Resource> matches) {
        Set<String> ids = new TreeSet<>();
        for (int n = 0; n < PATIENTS; n++) {
            PlantedPatient patient = GENERATOR.patient(n);
            if (patient.gapCount() > 0 && patient.resources().stream().anyMatch(matches)) {
                ids.add(patient.patientId());
            }
        }
        return ids;
    }

    private static CareGapRule rule(String code) {
        return java.util.Arrays.stream(CareGapRule.values())
                .filter(r -> r.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new AssertionError("unknown rule " + code));
    }
}
