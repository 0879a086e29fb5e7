package org.carerelay.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.batch2.api.IJobPersistence;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Bulk Data export as a client sees it: kick-off, polling, manifest, download. Each test tags what it stores and
 * exports by that tag, so that counts are exact on a database other tests share.
 */
class ExportIT extends AbstractFhirIT {

    private static final String TAGS = "urn:carerelay:test-run";

    @Autowired
    IJobPersistence jobs;

    @Autowired
    DaoRegistry daos;

    @Autowired
    PlatformTransactionManager transactions;

    private BulkExportClient bulk;
    private String tag;

    @BeforeEach
    void client() {
        bulk = new BulkExportClient(http, Map.of());
        tag = UUID.randomUUID().toString();
    }

    @Test
    void binaryDataContainedInAnotherResourceStaysInItAndReadsBackWhole() {
        byte[] photo = new byte[4096];
        new java.util.Random(7).nextBytes(photo);
        Patient patient = new Patient().addName(new HumanName().setFamily("Contained"));
        org.hl7.fhir.r4.model.Binary picture =
                new org.hl7.fhir.r4.model.Binary().setContentType("image/png").setData(photo);
        picture.setId("pic1");
        patient.addContained(picture);
        patient.addPhoto().setUrl("#pic1").setContentType("image/png");

        String id = create(client, patient);

        Patient stored = client.read().resource(Patient.class).withId(id).execute();
        assertThat(((org.hl7.fhir.r4.model.Binary) stored.getContained().get(0)).getData())
                .isEqualTo(photo);
    }

    @Test
    void systemExportGoesFromKickOffToFilesWithExactCounts() {
        List<String> stored = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            String patient = create(client, tagged(new Patient().addName(new HumanName().setFamily("Export" + p))));
            stored.add(patient);
            for (int o = 0; o < 4; o++) {
                stored.add(create(client, observation(patient)));
            }
        }

        String statusUrl = bulk.started("/$export?_type=Patient,Observation&_outputFormat=application/fhir%2Bndjson"
                + "&_typeFilter=" + filter("Patient") + "," + filter("Observation"));
        JsonNode manifest = bulk.manifest(statusUrl);

        assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
        assertThat(manifest.get("request").asText()).contains("/fhir/$export?_type=Patient,Observation");
        assertThat(manifest.get("transactionTime").asText()).isNotBlank();
        assertThat(manifest.get("error")).isEmpty();
        assertThat(bulk.countsInFiles(manifest))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Patient", 3, "Observation", 12));
        assertThat(bulk.idsInFiles(manifest)).containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    void patientAndGroupExportsReachOnlyTheirPatients() {
        String ana = create(client, tagged(new Patient().addName(new HumanName().setFamily("Rivera"))));
        String ben = create(client, tagged(new Patient().addName(new HumanName().setFamily("Okafor"))));
        String cy = create(client, tagged(new Patient().addName(new HumanName().setFamily("Lee"))));
        String anaPulse = create(client, observation(ana));
        create(client, observation(ben));
        String cyPulse = create(client, observation(cy));
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.addMember().setEntity(new Reference(ana));
        group.addMember().setEntity(new Reference(cy));
        String groupId = create(client, group);

        JsonNode ofGroup = bulk.manifest(bulk.started("/" + groupId + "/$export?_type=Patient,Observation"));
        assertThat(bulk.idsInFiles(ofGroup)).containsExactlyInAnyOrder(ana, cy, anaPulse, cyPulse);

        JsonNode ofPatients = bulk.manifest(bulk.started("/Patient/$export?_type=Observation&_typeFilter="
                + filter("Observation") + "%26subject=" + ben.substring("Patient/".length())));
        assertThat(bulk.countsInFiles(ofPatients)).containsExactlyEntriesOf(Map.of("Observation", 1));
    }

    @Test
    void sinceLeavesOutWhatDidNotChangeAfterIt() throws InterruptedException {
        String patient = create(client, tagged(new Patient()));
        create(client, observation(patient));
        String changed = create(client, observation(patient));
        Thread.sleep(1100);
        Instant since = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Thread.sleep(1100);
        Observation update =
                client.read().resource(Observation.class).withId(changed).execute();
        client.update()
                .resource(update.setStatus(Observation.ObservationStatus.AMENDED))
                .execute();
        String added = create(client, observation(patient));

        JsonNode manifest = bulk.manifest(bulk.started("/$export?_type=Observation,Patient&_since=" + since
                + "&_typeFilter=" + filter("Observation") + "," + filter("Patient")));

        assertThat(bulk.idsInFiles(manifest)).containsExactlyInAnyOrder(changed, added);
    }

    @Test
    void cancellingStopsTheExportAndForgetsIt() {
        create(client, tagged(new Patient()));
        String statusUrl = bulk.started("/$export?_type=Patient&_typeFilter=" + filter("Patient"));

        Response cancelled = bulk.cancel(statusUrl);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        Response afterwards = bulk.status(statusUrl);
        assertThat(afterwards.status()).as(afterwards.body()).isEqualTo(404);
    }

    @Test
    void badKickOffsAre400WithAnOutcomeSayingWhat() {
        assertRefused(bulk.kickOff("/$export?_type=Nonsense"), "Resource type Nonsense is not a supported");
        assertRefused(bulk.kickOff("/$export?_since=yesterday"), "Invalid date/time format: \"yesterday\"");
        assertRefused(bulk.kickOff("/$export?_outputFormat=text/csv"), "The allowed formats for Bulk Export are");
        assertRefused(
                bulk.kickOff("/$export?_typeFilter=garbage"),
                "_typeFilter garbage is not a search (Type?parameter=value)");
        assertRefused(
                bulk.kickOff("/$export?_type=Observation&_typeFilter=Patient?name=x"),
                "_typeFilter Patient?name=x filters Patient, which _type does not export");
        Response synchronous = http.get("/$export");
        assertThat(synchronous.status()).isEqualTo(400);
        assertThat(synchronous.outcome().getIssueFirstRep().getDiagnostics())
                .contains("Must request async processing for $export");
    }

    @Test
    void failedExportSaysWhyInTheManifestErrorList() {
        String statusUrl = bulk.started("/$export?_type=Observation&_typeFilter=Observation?no-such-parameter=1");

        JsonNode manifest = bulk.manifest(statusUrl);

        assertThat(manifest.get("output")).isEmpty();
        assertThat(manifest.get("error")).hasSize(1);
        JsonNode error = manifest.get("error").get(0);
        assertThat(error.get("type").asText()).isEqualTo("OperationOutcome");
        assertThat(error.get("count").asInt()).isEqualTo(1);
        List<String> lines = bulk.download(error.get("url").asText());
        assertThat(lines).hasSize(1);
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, lines.get(0));
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics())
                .startsWith("The export failed: ")
                .contains("Observation does not have a parameter with name: no-such-parameter");
    }

    @Test
    void filesAndStatusAreGoneOnceTheirRetentionHasPassed() {
        create(client, tagged(new Patient()));
        String statusUrl = bulk.started("/$export?_type=Patient&_typeFilter=" + filter("Patient"));
        JsonNode manifest = bulk.manifest(statusUrl);
        String file = manifest.get("output").get(0).get("url").asText();
        ExportProperties settings =
                new ExportProperties(Duration.ofHours(2), Duration.ofMinutes(1), Duration.ofSeconds(5));

        Clock anHourLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        new ExpiredExports(jobs, daos, transactions, settings, anHourLater).sweep();
        assertThat(bulk.download(file)).hasSize(1);

        Clock threeHoursLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(3));
        assertThat(new ExpiredExports(jobs, daos, transactions, settings, threeHoursLater).sweep())
                .isGreaterThanOrEqualTo(1);
        assertThat(bulk.status(statusUrl).status()).isEqualTo(404);
        assertThat(bulk.at(file, "GET").status()).isEqualTo(404);
        assertThat(bulk.at(file + "/_history/1", "GET").status()).isEqualTo(404);
    }

    private static void assertRefused(Response response, String saying) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/fhir+json");
        OperationOutcome outcome = response.outcome();
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(saying);
    }

    private <T extends org.hl7.fhir.r4.model.Resource> T tagged(T resource) {
        resource.getMeta().addTag(TAGS, tag, null);
        return resource;
    }

    private Observation observation(String patient) {
        Observation observation = tagged(new Observation());
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        observation.setSubject(new Reference(patient));
        return observation;
    }

    private String filter(String type) {
        return type + "?_tag=" + TAGS + "%7C" + tag;
    }
}
