package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.SyntheaLoad;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * Real records: what each of the ten care-gap rules finds in the Synthea patients is what {@link SyntheaChart} works
 * out from the files themselves, patient by patient and rule by rule.
 */
class SyntheaCareGapsIT extends AbstractFhirIT {

    /**
     * Today, the one fixed day of a run: the charts are stored today, and a past day is judged by the record as it
     * stood then, when none of it was stored yet ({@link #onADayBeforeTheChartsWereStoredThereIsNoGap}).
     */
    static final LocalDate AS_OF = LocalDate.now(ZoneOffset.UTC);

    /** The day after the charts' last entries (2021-03-22). */
    static final LocalDate CHARTS_DAY = LocalDate.of(2021, 4, 15);

    static final String SYNTHEA = "https://github.com/synthetichealth/synthea";

    @Test
    void everyRuleFindsWhatTheFilesSayAsOfToday() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        Instant now = Instant.now();
        Map<String, String> ids = idsByIdentifier();
        Map<String, Map<String, Integer>> expected = new TreeMap<>();
        Map<String, Map<String, Integer>> found = new TreeMap<>();
        for (var file : synthea.patientBundles) {
            SyntheaChart chart = new SyntheaChart(SyntheaLoad.read(file));
            expected.put(chart.identifier, chart.gaps(AS_OF, now));
            found.put(chart.identifier, gapsOf(ids.get(chart.identifier), AS_OF, null));
        }

        assertThat(found).isEqualTo(expected);
        // the files as of today: no Tasks, ServiceRequests or CareTeams, no care plan with an end, author or schedule,
        // every PHQ-9 and inpatient stay older than the 90-day lookback; a few diabetics and multimorbid patients alive
        assertThat(totals(expected))
                .containsOnlyKeys("hba1c-overdue", "no-care-coordinator")
                .containsEntry("hba1c-overdue", 5)
                .containsEntry("no-care-coordinator", 2);
    }

    @Test
    void onADayBeforeTheChartsWereStoredThereIsNoGap() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        // a patient whose chart, read as of that day, shows an overdue HbA1c: stored later, it does not count then
        SyntheaChart chart = synthea.patientBundles.stream()
                .map(file -> new SyntheaChart(SyntheaLoad.read(file)))
                .filter(c -> c.gaps(CHARTS_DAY, Instant.now()).containsKey("hba1c-overdue"))
                .findFirst()
                .orElseThrow();
        String id = idsByIdentifier().get(chart.identifier);
        assertThat(gapsOf(id, CHARTS_DAY, "hba1c-overdue")).isEmpty();
        assertThat(gapsOf(id, AS_OF, "hba1c-overdue")).isEqualTo(Map.of("hba1c-overdue", 1));
    }

    /**
     * Plan conflicts on real records: each active naproxen or ibuprofen order of a patient with active heart failure
     * is one NSAID-in-heart-failure conflict, worked out here from the files by the drugs' and conditions' names. The
     * files' patients with both have died (and the dead have no conflicts), and a past day is judged by the record as
     * it stood then, before the charts were stored; so each such chart's heart-failure conditions and NSAID orders, as
     * they stood the day before the death, are stored again, as the Synthea files write them, for a living twin of the
     * patient, judged today. The twins carry no Synthea identifier, so nothing else counts them.
     */
    @Test
    void nsaidOrdersInHeartFailureAreTheConflictsTheFilesShow() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        Map<String, Long> expected = new TreeMap<>();
        Map<String, Long> found = new TreeMap<>();
        for (Path file : synthea.patientBundles) {
            JsonNode bundle = SyntheaLoad.read(file);
            JsonNode entries = bundle.get("entry");
            JsonNode patient = entries.get(0).get("resource");
            LocalDate day = patient.has("deceasedDateTime")
                    ? LocalDate.ofInstant(SyntheaChart.instant(patient.get("deceasedDateTime")), ZoneOffset.UTC)
                            .minusDays(1)
                    : AS_OF;
            Instant end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            List<ObjectNode> heartFailure = new ArrayList<>();
            List<ObjectNode> nsaidOrders = new ArrayList<>();
            for (JsonNode entry : entries) {
                JsonNode resource = entry.get("resource");
                String type = resource.get("resourceType").asText();
                if (type.equals("Condition")
                        && resource.get("code")
                                .toString()
                                .toLowerCase(Locale.ROOT)
                                .contains("heart failure")
                        && resource.get("clinicalStatus").toString().contains("\"active\"")
                        && !resource.has("abatementDateTime")
                        && SyntheaChart.instant(resource.get("onsetDateTime")).isBefore(end)) {
                    heartFailure.add(((ObjectNode) resource.deepCopy())
                            .put("id", entry.get("fullUrl").asText()));
                }
                if (type.equals("MedicationRequest")
                        && resource.get("status").asText().equals("active")
                        && resource.get("medicationCodeableConcept")
                                .toString()
                                .toLowerCase(Locale.ROOT)
                                .matches(".*(naproxen|ibuprofen).*")
                        && SyntheaChart.instant(resource.get("authoredOn")).isBefore(end)) {
                    nsaidOrders.add(((ObjectNode) resource.deepCopy())
                            .put("id", entry.get("fullUrl").asText()));
                }
            }
            if (heartFailure.isEmpty() || nsaidOrders.isEmpty()) {
                continue;
            }
            String identifier = new SyntheaChart(bundle).identifier;
            expected.put(identifier, (long) nsaidOrders.size());
            String twin = livingTwin((ObjectNode) patient.deepCopy(), heartFailure, nsaidOrders);
            long reported = nsaidConflictsOf(twin, AS_OF);
            if (reported > 0) {
                found.put(identifier, reported);
            }
        }

        assertThat(found).isEqualTo(expected);
        assertThat(expected).isNotEmpty();
    }

    /**
     * Stores a living copy of a Synthea patient (no death, no identifiers) with the given conditions and orders as the
     * file writes them, less their links to encounters and prescribers this copy does not have; answers its id.
     */
    private String livingTwin(ObjectNode patient, List<ObjectNode> conditions, List<ObjectNode> orders) {
        ObjectMapper json = new ObjectMapper();
        patient.remove(List.of("id", "deceasedDateTime", "identifier"));
        ObjectNode transaction =
                json.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
        ArrayNode entries = transaction.putArray("entry");
        String subject = "urn:uuid:" + UUID.randomUUID();
        entries.addObject()
                .put("fullUrl", subject)
                .<ObjectNode>set("resource", patient)
                .putObject("request")
                .put("method", "POST")
                .put("url", "Patient");
        // the conditions keep the file's fullUrl (in "id" until here), so that an order's reasonReference to one holds
        List<String> kept = conditions.stream().map(c -> c.get("id").asText()).toList();
        List<ObjectNode> parts = new ArrayList<>(conditions);
        parts.addAll(orders);
        for (ObjectNode part : parts) {
            String fullUrl = part.get("id").asText();
            part.remove(List.of("id", "encounter", "requester"));
            part.putObject("subject").put("reference", subject);
            if (part.get("reasonReference") instanceof ArrayNode reasons) {
                reasons.removeIf(
                        reason -> !kept.contains(reason.path("reference").asText()));
                if (reasons.isEmpty()) {
                    part.remove("reasonReference");
                }
            }
            entries.addObject()
                    .put("fullUrl", fullUrl)
                    .<ObjectNode>set("resource", part)
                    .putObject("request")
                    .put("method", "POST")
                    .put("url", part.get("resourceType").asText());
        }
        Response response = http.postJson("", transaction.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        return new IdType(answer.getEntryFirstRep().getResponse().getLocation()).getIdPart();
    }

    private long nsaidConflictsOf(String id, LocalDate asOf) {
        assertThat(id).isNotNull();
        Response response = http.get("/Patient/" + id + "/$plan-conflicts?asOf=" + asOf + "&rule=drug-disease");
        assertThat(response.status()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Parameters.class, response.body()).getParameter().stream()
                .filter(p -> p.getResource() instanceof Bundle)
                .flatMap(p -> ((Bundle) p.getResource()).getEntry().stream())
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(DetectedIssue.class::isInstance)
                .map(DetectedIssue.class::cast)
                .filter(issue -> issue.getCode().getCoding().stream()
                        .anyMatch(c -> "dd-nsaid-heart-failure".equals(c.getCode())))
                .count();
    }

    /** The server's gaps for one patient as of a day, counted by rule; one rule or all. */
    private Map<String, Integer> gapsOf(String id, LocalDate asOf, String rule) {
        assertThat(id).isNotNull();
        Response response =
                http.get("/Patient/" + id + "/$care-gaps?asOf=" + asOf + (rule != null ? "&rule=" + rule : ""));
        assertThat(response.status()).isEqualTo(200);
        Parameters parameters = FHIR.newJsonParser().parseResource(Parameters.class, response.body());
        Map<String, Integer> gaps = new TreeMap<>();
        for (var parameter : parameters.getParameter()) {
            for (var entry : ((Bundle) parameter.getResource()).getEntry()) {
                if (entry.getResource() instanceof DetectedIssue issue) {
                    String code = issue.getCode().getCoding().stream()
                            .filter(c -> c.getSystem().equals(GapReport.CARE_GAP_RULE))
                            .findFirst()
                            .orElseThrow()
                            .getCode();
                    gaps.merge(code, 1, Integer::sum);
                }
            }
        }
        return gaps;
    }

    /** The server ids of the Synthea patients, by their Synthea identifier, in one search. */
    private Map<String, String> idsByIdentifier() {
        Response response = http.get("/Patient?identifier=" + SYNTHEA + "%7C&_elements=identifier&_count=500");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Bundle patients = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        assertThat(patients.getLink(Bundle.LINK_NEXT)).isNull();
        Map<String, String> ids = new HashMap<>();
        for (var entry : patients.getEntry()) {
            Patient patient = (Patient) entry.getResource();
            List<Identifier> identifiers = patient.getIdentifier();
            identifiers.stream()
                    .filter(i -> SYNTHEA.equals(i.getSystem()))
                    .forEach(i -> assertThat(
                                    ids.put(i.getValue(), patient.getIdElement().getIdPart()))
                            .as(i.getValue())
                            .isNull());
        }
        return ids;
    }

    private static Map<String, Integer> totals(Map<String, Map<String, Integer>> byPatient) {
        Map<String, Integer> totals = new TreeMap<>();
        byPatient.values().forEach(gaps -> gaps.forEach((rule, count) -> totals.merge(rule, count, Integer::sum)));
        return totals;
    }
}
