package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.SyntheaLoad;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;

/**
 * Real records: the Synthea patients with active diabetes and no HbA1c in the 180 days before a chosen day are the
 * ones {@code hba1c-overdue} reports, and their NSAID orders in heart failure the plan conflicts, worked out here from
 * the files themselves.
 */
class SyntheaCareGapsIT extends AbstractFhirIT {

    /**
     * Today: the charts are stored today, and a past day is judged by the record as it stood then, when none of it
     * was stored yet ({@link #onADayBeforeTheChartsWereStoredThereIsNoGap}).
     */
    static final LocalDate AS_OF = LocalDate.now(ZoneOffset.UTC);

    /** The day after the charts' last entries (2021-03-22). */
    static final LocalDate CHARTS_DAY = LocalDate.of(2021, 4, 15);

    static final Set<String> DIABETES = Set.of("44054006", "46635009", "73211009");
    static final Set<String> HBA1C = Set.of("4548-4", "17856-6");

    @Test
    void diabeticsWithoutARecentHba1cAreFoundAsOfToday() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        Set<String> expected = new TreeSet<>();
        Set<String> found = new TreeSet<>();
        for (Path file : synthea.patientBundles) {
            JsonNode entries = SyntheaLoad.read(file).get("entry");
            String identifier = identifier(entries);
            if (overdue(entries, AS_OF)) {
                expected.add(identifier);
            }
            if (careGapsOf(identifier, AS_OF)) {
                found.add(identifier);
            }
        }

        assertThat(found).isEqualTo(expected);
        assertThat(expected).isNotEmpty();
        // the dead and those without active diabetes are not reported
        assertThat(synthea.patientBundles).hasSizeGreaterThan(expected.size());
    }

    @Test
    void onADayBeforeTheChartsWereStoredThereIsNoGap() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        // a patient whose chart, read as of that day, shows an overdue HbA1c: stored later, it does not count then
        String identifier = synthea.patientBundles.stream()
                .map(file -> SyntheaLoad.read(file).get("entry"))
                .filter(entries -> overdue(entries, CHARTS_DAY))
                .map(SyntheaCareGapsIT::identifier)
                .findFirst()
                .orElseThrow();
        assertThat(careGapsOf(identifier, CHARTS_DAY)).isFalse();
        assertThat(careGapsOf(identifier, AS_OF)).isTrue();
    }

    /**
     * Plan conflicts on real records: each active naproxen or ibuprofen order of a patient with active heart failure
     * is one NSAID-in-heart-failure conflict, worked out here from the files by the drugs' and conditions' names. The
     * files' patients with both have died, so each is judged as of the day before their death (and the living as of
     * today); {@code $plan-conflicts} judges clinical dates, not when the chart was stored.
     */
    @Test
    void nsaidOrdersInHeartFailureAreTheConflictsTheFilesShow() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        java.util.Map<String, Long> expected = new java.util.TreeMap<>();
        java.util.Map<String, Long> found = new java.util.TreeMap<>();
        for (Path file : synthea.patientBundles) {
            JsonNode entries = SyntheaLoad.read(file).get("entry");
            JsonNode patient = entries.get(0).get("resource");
            LocalDate day = patient.has("deceasedDateTime")
                    ? LocalDate.ofInstant(instant(patient.get("deceasedDateTime")), ZoneOffset.UTC)
                            .minusDays(1)
                    : AS_OF;
            Instant end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            boolean heartFailure = false;
            long nsaidOrders = 0;
            for (JsonNode entry : entries) {
                JsonNode resource = entry.get("resource");
                String type = resource.get("resourceType").asText();
                if (type.equals("Condition")
                        && resource.get("code")
                                .toString()
                                .toLowerCase(java.util.Locale.ROOT)
                                .contains("heart failure")
                        && resource.get("clinicalStatus").toString().contains("\"active\"")
                        && !resource.has("abatementDateTime")
                        && instant(resource.get("onsetDateTime")).isBefore(end)) {
                    heartFailure = true;
                }
                if (type.equals("MedicationRequest")
                        && resource.get("status").asText().equals("active")
                        && resource.get("medicationCodeableConcept")
                                .toString()
                                .toLowerCase(java.util.Locale.ROOT)
                                .matches(".*(naproxen|ibuprofen).*")
                        && instant(resource.get("authoredOn")).isBefore(end)) {
                    nsaidOrders++;
                }
            }
            String identifier = identifier(entries);
            long conflicts = heartFailure ? nsaidOrders : 0;
            if (conflicts > 0) {
                expected.put(identifier, conflicts);
            }
            long reported = nsaidConflictsOf(identifier, day);
            if (reported > 0) {
                found.put(identifier, reported);
            }
        }

        assertThat(found).isEqualTo(expected);
        assertThat(expected).isNotEmpty();
    }

    private long nsaidConflictsOf(String identifier, LocalDate asOf) {
        Response response =
                http.get("/Patient/" + idOf(identifier) + "/$plan-conflicts?asOf=" + asOf + "&rule=drug-disease");
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

    /** Whether the chart, as its entries date it, shows active diabetes and no HbA1c in the 180 days to the day. */
    private static boolean overdue(JsonNode entries, LocalDate day) {
        Instant end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        JsonNode patient = entries.get(0).get("resource");
        boolean alive = !patient.has("deceasedDateTime")
                || instant(patient.get("deceasedDateTime")).isAfter(end);
        boolean diabetes = false;
        Instant lastHba1c = null;
        for (JsonNode entry : entries) {
            JsonNode resource = entry.get("resource");
            String type = resource.get("resourceType").asText();
            if (type.equals("Condition")
                    && codes(resource).stream().anyMatch(DIABETES::contains)
                    && resource.get("clinicalStatus")
                            .get("coding")
                            .get(0)
                            .get("code")
                            .asText()
                            .equals("active")
                    && !resource.has("abatementDateTime")
                    && instant(resource.get("onsetDateTime")).isBefore(end)) {
                diabetes = true;
            }
            if (type.equals("Observation") && codes(resource).stream().anyMatch(HBA1C::contains)) {
                Instant when = instant(resource.get("effectiveDateTime"));
                if (when.isBefore(end) && (lastHba1c == null || when.isAfter(lastHba1c))) {
                    lastHba1c = when;
                }
            }
        }
        return diabetes && alive && (lastHba1c == null || lastHba1c.isBefore(end.minus(180, ChronoUnit.DAYS)));
    }

    private static String identifier(JsonNode entries) {
        return entries.get(0)
                .get("resource")
                .get("identifier")
                .get(0)
                .get("value")
                .asText();
    }

    /** Whether the server reports an overdue HbA1c for the Synthea patient with this identifier, as of a day. */
    private boolean careGapsOf(String identifier, LocalDate asOf) {
        String id = idOf(identifier);
        Response response = http.get("/Patient/" + id + "/$care-gaps?asOf=" + asOf + "&rule=hba1c-overdue");
        assertThat(response.status()).isEqualTo(200);
        Parameters parameters = FHIR.newJsonParser().parseResource(Parameters.class, response.body());
        if (parameters.getParameter().isEmpty()) {
            return false;
        }
        Bundle report = (Bundle) parameters.getParameterFirstRep().getResource();
        assertThat(report.getEntry().stream().filter(e -> e.getResource() instanceof DetectedIssue))
                .hasSize(1);
        return true;
    }

    private String idOf(String identifier) {
        Bundle matches = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        http.get("/Patient?identifier=https://github.com/synthetichealth/synthea%7C" + identifier)
                                .body());
        assertThat(matches.getEntry()).as(identifier).hasSize(1);
        return matches.getEntryFirstRep().getResource().getIdElement().getIdPart();
    }

    private static List<String> codes(JsonNode resource) {
        return resource.get("code").get("coding").findValuesAsText("code");
    }

    private static Instant instant(JsonNode value) {
        return OffsetDateTime.parse(value.asText()).toInstant();
    }
}
