package org.carerelay.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Patient/$depression-registry} over HTTP, as of 2026-06-30, on a practice planned status by status: each
 * patient's line is the one worked out by hand below (README, Collaborative-care registry), patients who do not belong
 * are absent, paging loses and repeats no one, and bad parameters are 400s naming the parameter.
 */
class DepressionRegistryIT extends AbstractFhirIT {

    static final String ORG = "Organization/reg-org";
    static final String AS_OF = "2026-06-30";
    static final String QUERY = "/Patient/$depression-registry?asOf=" + AS_OF + "&organization=" + ORG;

    private static boolean loaded;
    private static final List<Resource> RESOURCES = new ArrayList<>();

    /** patient id → the expected line: status|baseline|baselineDate|latest|latestDate|change|weeks|last|due. */
    static final Map<String, String> EXPECTED = new TreeMap<>();

    static {
        Organization org = new Organization().setName("Registry clinic");
        org.setId("reg-org");
        RESOURCES.add(org);
        for (String dr : List.of("reg-cm", "reg-psy")) {
            Practitioner p = new Practitioner();
            p.setId(dr);
            RESOURCES.add(p);
        }
        patient("reg-new", scores("2026-06-20", 18));
        EXPECTED.put("reg-new", "new|18|2026-06-20|18|2026-06-20|0|1|2026-06-20|2026-07-20");
        patient("reg-improving", scores("2026-05-01", 20, "2026-06-15", 14));
        EXPECTED.put("reg-improving", "improving|20|2026-05-01|14|2026-06-15|-6|8|2026-06-15|2026-07-15");
        patient("reg-response", scores("2026-03-01", 20, "2026-06-10", 10));
        EXPECTED.put("reg-response", "response|20|2026-03-01|10|2026-06-10|-10|17|2026-06-10|2026-07-10");
        patient("reg-remission", scores("2026-02-01", 16, "2026-06-01", 4));
        EXPECTED.put("reg-remission", "remission|16|2026-02-01|4|2026-06-01|-12|21|2026-06-01|2026-07-01");
        patient("reg-stuck", scores("2026-03-01", 15, "2026-06-20", 12));
        EXPECTED.put("reg-stuck", "not-improving|15|2026-03-01|12|2026-06-20|-3|17|2026-06-20|2026-07-20");
        // a low screen before the episode: the baseline is the first score of 10 or more
        patient("reg-lost", scores("2025-12-01", 6, "2026-01-10", 22, "2026-04-01", 20));
        EXPECTED.put("reg-lost", "no-recent-contact|22|2026-01-10|20|2026-04-01|-2|24|2026-04-01|2026-05-01");
        patient("reg-visit", scores("2026-03-01", 20));
        RESOURCES.add(encounter("reg-visit", "2026-06-20", Encounter.EncounterStatus.FINISHED));
        RESOURCES.add(encounter("reg-visit", "2026-06-28", Encounter.EncounterStatus.CANCELLED));
        EXPECTED.put("reg-visit", "new|20|2026-03-01|20|2026-03-01|0|17|2026-06-20|2026-07-20");
        patient("reg-diagnosed", List.of());
        RESOURCES.add(depression("reg-diagnosed", "F33.1", "active", "confirmed", "2026-05-01"));
        RESOURCES.add(encounter("reg-diagnosed", "2026-06-25", Encounter.EncounterStatus.FINISHED));
        EXPECTED.put("reg-diagnosed", "new||||||8|2026-06-25|2026-07-25");
        patient("reg-silent", List.of());
        RESOURCES.add(depression("reg-silent", "F32.9", "active", null, "2025-06-30"));
        EXPECTED.put("reg-silent", "no-recent-contact||||||52||");
        // not on the registry: a low score, a refuted diagnosis, a score after asOf, one entered in error, the dead
        patient("reg-low", scores("2026-06-01", 8));
        patient("reg-refuted", scores("2026-06-01", 3));
        RESOURCES.add(depression("reg-refuted", "F32.9", "active", "refuted", "2026-05-01"));
        patient("reg-later", scores("2026-07-05", 20));
        Patient dead = patient("reg-dead", scores("2026-06-01", 20));
        dead.setDeceased(new DateTimeType("2026-06-15"));
        List<Resource> erroneous = scores("2026-06-01", 20);
        ((Observation) erroneous.get(0)).setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        patient("reg-error", erroneous);
        Patient inactive = patient("reg-inactive", scores("2026-06-01", 20));
        inactive.setActive(false);

        CareTeam team = new CareTeam()
                .setStatus(CareTeam.CareTeamStatus.ACTIVE)
                .setSubject(new Reference("Patient/reg-improving"));
        team.addParticipant()
                .setMember(new Reference("Practitioner/reg-cm"))
                .addRole()
                .setText("Care manager");
        team.addParticipant()
                .setMember(new Reference("Practitioner/reg-psy"))
                .addRole(new CodeableConcept(new Coding("http://snomed.info/sct", "80584001", "Psychiatrist")));
        team.setId("reg-team");
        RESOURCES.add(team);
    }

    static Patient patient(String id, List<Resource> scores) {
        Patient patient = new Patient().setManagingOrganization(new Reference(ORG));
        patient.setId(id);
        RESOURCES.add(patient);
        int n = 0;
        for (Resource score : scores) {
            ((Observation) score).setSubject(new Reference("Patient/" + id));
            score.setId(id + "-phq" + n++);
            RESOURCES.add(score);
        }
        return patient;
    }

    /** PHQ-9 totals: day, value, day, value, ... */
    static List<Resource> scores(Object... dayValue) {
        List<Resource> scores = new ArrayList<>();
        for (int i = 0; i < dayValue.length; i += 2) {
            Observation o = new Observation()
                    .setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(new CodeableConcept(new Coding("http://loinc.org", "44261-6", "PHQ-9 total")))
                    .setEffective(new DateTimeType((String) dayValue[i]))
                    .setValue(new Quantity().setValue((Integer) dayValue[i + 1]).setUnit("{score}"));
            scores.add(o);
        }
        return scores;
    }

    static Encounter encounter(String patient, String day, Encounter.EncounterStatus status) {
        Encounter e = new Encounter()
                .setStatus(status)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))
                .setSubject(new Reference("Patient/" + patient));
        e.getPeriod().setStartElement(new DateTimeType(day));
        e.setId(patient + "-enc-" + day);
        return e;
    }

    static Condition depression(String patient, String icd10, String clinical, String verification, String onset) {
        Condition c = new Condition()
                .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", icd10, null)))
                .setSubject(new Reference("Patient/" + patient))
                .setOnset(new DateTimeType(onset));
        c.getClinicalStatus()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical, null));
        if (verification != null) {
            c.getVerificationStatus()
                    .addCoding(new Coding(
                            "http://terminology.hl7.org/CodeSystem/condition-ver-status", verification, null));
        }
        c.setId(patient + "-dx");
        return c;
    }

    @BeforeEach
    void loadOnce() {
        synchronized (DepressionRegistryIT.class) {
            if (loaded) {
                return;
            }
            Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            for (Resource resource : RESOURCES) {
                String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
                transaction
                        .addEntry()
                        .setResource(resource)
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.PUT)
                        .setUrl(url);
            }
            client.transaction().withBundle(transaction).execute();
            loaded = true;
        }
    }

    @Test
    void everyPatientStandsWhereThePlanPutsThem() {
        Parameters page = page(QUERY);

        assertThat(lines(page)).isEqualTo(EXPECTED);
        assertThat(page.getParameter("next")).isNull();
    }

    @Test
    void theCareTeamNamesTheCareManagerAndThePsychiatricConsultant() {
        var entry = entries(page(QUERY)).get("reg-improving");

        assertThat(((Reference) part(entry, "careManager")).getReference()).isEqualTo("Practitioner/reg-cm");
        assertThat(((Reference) part(entry, "psychiatricConsultant")).getReference())
                .isEqualTo("Practitioner/reg-psy");
        assertThat(part(entries(page(QUERY)).get("reg-new"), "careManager")).isNull();
    }

    @Test
    void statusAndPractitionerNarrowTheRegistry() {
        assertThat(lines(page(QUERY + "&status=no-recent-contact&status=new")).keySet())
                .containsExactly("reg-diagnosed", "reg-lost", "reg-new", "reg-silent", "reg-visit");
        assertThat(lines(page("/Patient/$depression-registry?asOf=" + AS_OF + "&practitioner=Practitioner/reg-cm")))
                .isEqualTo(Map.of("reg-improving", EXPECTED.get("reg-improving")));
    }

    @Test
    void pagesOfTwoWalkTheWholeRegistryOnce() {
        Map<String, String> walked = new TreeMap<>();
        List<String> order = new ArrayList<>();
        String next = QUERY + "&_count=2";
        int pages = 0;
        while (next != null) {
            Parameters page = page(next);
            assertThat(page.getParameter().stream()
                            .filter(p -> p.getName().equals("entry"))
                            .count())
                    .isLessThanOrEqualTo(2);
            lines(page).forEach((id, line) -> {
                order.add(id);
                walked.put(id, line);
            });
            var link = page.getParameter("next");
            next = link == null
                    ? null
                    : link.getValue().primitiveValue().substring(baseUrl().length());
            pages++;
        }
        assertThat(order).hasSize(EXPECTED.size());
        assertThat(walked).isEqualTo(EXPECTED);
        assertThat(pages).isGreaterThanOrEqualTo(5);
    }

    @Test
    void badParametersAreRefusedWithAnOutcomeNamingTheParameter() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/Patient/$depression-registry?status=happy", "status");
        cases.put("/Patient/$depression-registry?_count=0", "_count");
        cases.put("/Patient/$depression-registry?asOf=2026-06", "asOf");
        cases.put("/Patient/$depression-registry?practitioner=Patient/1", "practitioner");
        cases.put("/Patient/$depression-registry?organization=Practitioner/1", "organization");
        cases.put("/Patient/$depression-registry?_cursor=nonsense", "_cursor");
        cases.put("/Patient/$depression-registry?_offset=20", "_offset");
        cases.forEach((path, parameter) -> {
            Response response = http.get(path);
            assertThat(response.status()).as(path + "\n" + response.body()).isEqualTo(400);
            OperationOutcome outcome = response.outcome();
            assertThat(outcome.getIssueFirstRep().getCode()).as(path).isEqualTo(OperationOutcome.IssueType.INVALID);
            assertThat(outcome.getIssueFirstRep().getExpression().stream()
                            .map(e -> e.getValue())
                            .toList())
                    .as(path)
                    .containsExactly(parameter);
        });
    }

    private Parameters page(String path) {
        Response response = http.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Parameters.class, response.body());
    }

    private static Map<String, Parameters.ParametersParameterComponent> entries(Parameters page) {
        Map<String, Parameters.ParametersParameterComponent> entries = new TreeMap<>();
        page.getParameter().stream()
                .filter(p -> p.getName().equals("entry"))
                .forEach(p -> entries.put(
                        ((Reference) part(p, "patient")).getReferenceElement().getIdPart(), p));
        return entries;
    }

    /** Each entry as status|baseline|baselineDate|latest|latestDate|change|weeks|last|due (empty when absent). */
    private static Map<String, String> lines(Parameters page) {
        Map<String, String> lines = new TreeMap<>();
        entries(page).forEach((id, entry) -> {
            List<String> cells = new ArrayList<>();
            for (String name : List.of(
                    "status",
                    "baselinePhq9",
                    "baselineDate",
                    "latestPhq9",
                    "latestDate",
                    "change",
                    "weeksInCare",
                    "lastContact",
                    "nextContactDue")) {
                var value = part(entry, name);
                cells.add(
                        value == null
                                ? ""
                                : value instanceof DateType d ? d.getValueAsString() : value.primitiveValue());
            }
            lines.put(id, String.join("|", cells));
        });
        return lines;
    }

    private static org.hl7.fhir.r4.model.Type part(Parameters.ParametersParameterComponent entry, String name) {
        return entry.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .map(Parameters.ParametersParameterComponent::getValue)
                .findFirst()
                .orElse(null);
    }
}
