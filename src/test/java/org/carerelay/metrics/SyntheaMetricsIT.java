package org.carerelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.carerelay.metrics.ExpectedFigures.Item;
import org.carerelay.metrics.ExpectedFigures.Kind;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.SyntheaLoad;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * Real records: the discharge metrics of the Synthea patients over 2009 to 2012, month by month, equal the figures
 * worked out here from the files (inpatient stays, the ambulatory visits after them).
 */
class SyntheaMetricsIT extends AbstractFhirIT {

    static final LocalDate START = LocalDate.of(2009, 1, 1);
    static final LocalDate END = LocalDate.of(2012, 12, 31);
    static final String SYNTHEA = "https://github.com/synthetichealth/synthea";

    @Test
    void dischargeFollowUpOfTheSyntheaPatientsIsWhatTheFilesSay() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.setId("synthea-metrics");
        List<Item> followed = new ArrayList<>();
        List<Item> rate = new ArrayList<>();
        for (Path file : synthea.patientBundles) {
            JsonNode entries = SyntheaLoad.read(file).get("entry");
            String identifier = entries.get(0)
                    .get("resource")
                    .get("identifier")
                    .get(0)
                    .get("value")
                    .asText();
            Bundle found = client.search()
                    .byUrl("Patient?identifier=" + SYNTHEA + "|" + identifier)
                    .returnBundle(Bundle.class)
                    .execute();
            assertThat(found.getEntry()).as(identifier).hasSize(1);
            group.addMember()
                    .setEntity(new Reference("Patient/"
                            + found.getEntryFirstRep()
                                    .getResource()
                                    .getIdElement()
                                    .getIdPart()));

            List<LocalDate> visits = new ArrayList<>();
            Map<String, LocalDate> stays = new HashMap<>();
            for (JsonNode entry : entries) {
                JsonNode resource = entry.get("resource");
                if (!resource.get("resourceType").asText().equals("Encounter")
                        || !resource.get("status").asText().equals("finished")) {
                    continue;
                }
                String type = resource.get("class").get("code").asText();
                if (Set.of("AMB", "HH", "VR").contains(type)) {
                    visits.add(day(resource.get("period").get("start")));
                } else if (Set.of("IMP", "ACUTE", "NONAC").contains(type)
                        && !resource.path("hospitalization")
                                .path("dischargeDisposition")
                                .toString()
                                .contains("\"exp\"")) {
                    stays.put(
                            resource.get("id").asText(),
                            day(resource.get("period").get("end")));
                }
            }
            stays.values().forEach(discharged -> {
                if (discharged.isBefore(START) || discharged.isAfter(END)) {
                    return;
                }
                Optional<Long> days = visits.stream()
                        .filter(v -> !v.isBefore(discharged) && !v.isAfter(END))
                        .map(v -> ChronoUnit.DAYS.between(discharged, v))
                        .min(Long::compare);
                rate.add(new Item(
                        "stay", discharged, Map.of(), days.map(d -> d <= 7).orElse(false), null));
                days.ifPresent(d -> followed.add(new Item("stay", discharged, Map.of(), false, d.doubleValue())));
            });
        }
        client.update().resource(group).execute();
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(START); !m.isAfter(YearMonth.from(END)); m = m.plusMonths(1)) {
            months.add(m);
        }

        Response response = http.get("/$coordination-metrics?periodStart=" + START + "&periodEnd=" + END
                + "&interval=month&subject=Group/synthea-metrics&metric=discharge-follow-up-days"
                + "&metric=discharge-follow-up-rate");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, String> expected = new TreeMap<>();
        expected.putAll(
                ExpectedFigures.expected("discharge-follow-up-days", Kind.CONTINUOUS, followed, months, List.of()));
        expected.putAll(ExpectedFigures.expected("discharge-follow-up-rate", Kind.PROPORTION, rate, months, List.of()));
        assertThat(ExpectedFigures.of(FHIR.newJsonParser().parseResource(MeasureReport.class, response.body())))
                .isEqualTo(expected);
        assertThat(rate).hasSizeGreaterThan(20);
        assertThat(followed.size()).isLessThan(rate.size());
    }

    private static LocalDate day(JsonNode dateTime) {
        return OffsetDateTime.parse(dateTime.asText())
                .atZoneSameInstant(ZoneOffset.UTC)
                .toLocalDate();
    }
}
