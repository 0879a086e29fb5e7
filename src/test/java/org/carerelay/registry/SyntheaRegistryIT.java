package org.carerelay.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.SyntheaLoad;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;

/**
 * {@code Patient/$depression-registry} on the Synthea patients ({@code ../shared/data}): which of them are on the
 * registry, with what status, weeks in care and last contact, worked out from the files alone. Synthea records major
 * depression (SNOMED CT 370143000) without PHQ-9 scores, so the registry holds the diagnosed: as of the day chosen (all three alive), one
 * of them was seen within the last 30 days (status new) and the others were not (no-recent-contact).
 */
class SyntheaRegistryIT extends AbstractFhirIT {

    static final LocalDate AS_OF = LocalDate.of(2004, 5, 15);
    static final String SYNTHEA = "https://github.com/synthetichealth/synthea";
    static final Set<String> MAJOR_DEPRESSION = Set.of("370143000", "36923009");
    static final int CONTACT_DAYS = 30;
    static final int LOOKBACK_DAYS = 365;

    @Test
    void theDiagnosedSyntheaPatientsAreOnTheRegistryAsTheFilesSay() {
        SyntheaLoad synthea = SyntheaLoad.once(http);

        Map<String, String> expected = new TreeMap<>();
        Map<String, String> byIdentifier = new TreeMap<>();
        for (Path file : synthea.patientBundles) {
            JsonNode entries = SyntheaLoad.read(file).get("entry");
            JsonNode patient = entries.get(0).get("resource");
            String identifier = patient.get("identifier").get(0).get("value").asText();
            if (patient.has("deceasedDateTime")
                    && !day(patient.get("deceasedDateTime")).isAfter(AS_OF)) {
                continue;
            }
            LocalDate diagnosed = null;
            LocalDate lastContact = null;
            for (JsonNode entry : entries) {
                JsonNode resource = entry.get("resource");
                String type = resource.get("resourceType").asText();
                if (type.equals("Condition")
                        && MAJOR_DEPRESSION.contains(resource.get("code")
                                .get("coding")
                                .get(0)
                                .get("code")
                                .asText())
                        && resource.get("clinicalStatus")
                                .get("coding")
                                .get(0)
                                .get("code")
                                .asText()
                                .equals("active")
                        && !resource.has("abatementDateTime")
                        && !day(resource.get("onsetDateTime")).isAfter(AS_OF)) {
                    LocalDate onset = day(resource.get("onsetDateTime"));
                    diagnosed = diagnosed == null || onset.isBefore(diagnosed) ? onset : diagnosed;
                }
                if (type.equals("Encounter") && resource.get("status").asText().equals("finished")) {
                    LocalDate start = day(resource.get("period").get("start"));
                    if (!start.isAfter(AS_OF)
                            && !start.isBefore(AS_OF.minusDays(LOOKBACK_DAYS))
                            && (lastContact == null || start.isAfter(lastContact))) {
                        lastContact = start;
                    }
                }
            }
            if (diagnosed == null) {
                continue;
            }
            boolean recent = lastContact != null && !AS_OF.isAfter(lastContact.plusDays(CONTACT_DAYS));
            expected.put(
                    identifier,
                    (recent ? "new" : "no-recent-contact") + "|" + ChronoUnit.DAYS.between(diagnosed, AS_OF) / 7 + "|"
                            + (lastContact == null ? "" : lastContact));
        }
        // the day was chosen so that all three are alive and both statuses occur
        assertThat(expected).hasSize(3);
        assertThat(expected.values()).anyMatch(v -> v.startsWith("new|"));
        assertThat(expected.values()).anyMatch(v -> v.startsWith("no-recent-contact|"));

        for (String identifier : expected.keySet()) {
            byIdentifier.put(patientId(identifier), identifier);
        }
        Map<String, String> found = new TreeMap<>();
        String next = "/Patient/$depression-registry?asOf=" + AS_OF + "&_count=500";
        while (next != null) {
            Response response = http.get(next);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            Parameters page = FHIR.newJsonParser().parseResource(Parameters.class, response.body());
            for (var entry : page.getParameter()) {
                if (!entry.getName().equals("entry")) {
                    continue;
                }
                String id = ((Reference) part(entry, "patient"))
                        .getReferenceElement()
                        .getIdPart();
                if (byIdentifier.containsKey(id)) {
                    Type last = part(entry, "lastContact");
                    found.put(
                            byIdentifier.get(id),
                            part(entry, "status").primitiveValue() + "|"
                                    + ((IntegerType) part(entry, "weeksInCare")).getValue() + "|"
                                    + (last == null ? "" : last.primitiveValue()));
                    assertThat(part(entry, "baselinePhq9")).as(id).isNull();
                }
            }
            var link = page.getParameter("next");
            next = link == null
                    ? null
                    : link.getValue().primitiveValue().substring(baseUrl().length());
        }
        assertThat(found).isEqualTo(expected);
    }

    private String patientId(String identifier) {
        Bundle found = client.search()
                .byUrl("Patient?identifier=" + SYNTHEA + "|" + identifier)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).as(identifier).hasSize(1);
        return found.getEntryFirstRep().getResource().getIdElement().getIdPart();
    }

    private static Type part(Parameters.ParametersParameterComponent entry, String name) {
        return entry.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .map(Parameters.ParametersParameterComponent::getValue)
                .findFirst()
                .orElse(null);
    }

    private static LocalDate day(JsonNode dateTime) {
        return OffsetDateTime.parse(dateTime.asText())
                .atZoneSameInstant(ZoneOffset.UTC)
                .toLocalDate();
    }
}
