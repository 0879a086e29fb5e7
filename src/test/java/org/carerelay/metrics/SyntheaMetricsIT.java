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
    /** Synthea's patients name no managing organization. */
    static final Map<String, String> NONE = Map.of("organization", "none");

    @Test
    void dischargeFollowUpOfTheSyntheaPatientsIsWhatTheFilesSay() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.setId("synthea-metrics");
        List<Item> followed = new ArrayList<>();
        List<Item> rate = new ArrayList<>();
        for (Path file : synthea.patientBundles) {
            JsonNode entries = SyntheaLoad.read(file).get("entry");
            group.addMember().setEntity(new Reference(patientOf(entries)));

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
                rate.add(
                        new Item("stay", discharged, NONE, days.map(d -> d <= 7).orElse(false), null));
                days.ifPresent(d -> followed.add(new Item("stay", discharged, NONE, false, d.doubleValue())));
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
        expected.putAll(ExpectedFigures.expected(
                "discharge-follow-up-days", Kind.CONTINUOUS, followed, months, List.of("organization")));
        expected.putAll(ExpectedFigures.expected(
                "discharge-follow-up-rate", Kind.PROPORTION, rate, months, List.of("organization")));
        assertThat(ExpectedFigures.of(FHIR.newJsonParser().parseResource(MeasureReport.class, response.body())))
                .isEqualTo(expected);
        assertThat(rate).hasSizeGreaterThan(20);
        assertThat(followed.size()).isLessThan(rate.size());
    }

    /**
     * The Outcomes and Operations-and-cost figures that Synthea records (readmissions, emergency visits, lengths of
     * stay, HbA1c results of diabetics, claims and their explanations of benefit) over 2009 to 2012, month by month,
     * equal those worked out here from the files.
     */
    @Test
    void outcomesAndCostsOfTheSyntheaPatientsAreWhatTheFilesSay() {
        SyntheaLoad synthea = SyntheaLoad.once(http);
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.setId("synthea-outcomes");
        List<Item> readmissions = new ArrayList<>();
        List<Item> emergencies = new ArrayList<>();
        List<Item> stays = new ArrayList<>();
        List<Item> costs = new ArrayList<>();
        List<Item> control = new ArrayList<>();
        for (Path file : synthea.patientBundles) {
            JsonNode entries = SyntheaLoad.read(file).get("entry");
            String patient = patientOf(entries);
            group.addMember().setEntity(new Reference(patient));
            emergencies.add(new Item(patient, START, NONE, false, null));
            List<JsonNode> inpatient = new ArrayList<>();
            Set<String> answered = new java.util.HashSet<>();
            boolean diabetic = false;
            Map<LocalDate, Double> hba1c = new TreeMap<>();
            for (JsonNode entry : entries) {
                JsonNode resource = entry.get("resource");
                switch (resource.get("resourceType").asText()) {
                    case "Encounter" -> {
                        String type = resource.get("class").get("code").asText();
                        if (!resource.get("status").asText().equals("finished")) {
                            continue;
                        }
                        if (Set.of("IMP", "ACUTE", "NONAC").contains(type)) {
                            inpatient.add(resource);
                        } else if (type.equals("EMER")) {
                            LocalDate day = day(resource.get("period").get("start"));
                            if (!day.isBefore(START) && !day.isAfter(END)) {
                                emergencies.add(new Item(entry.get("fullUrl").asText(), day, NONE, true, null));
                            }
                        }
                    }
                    case "ExplanationOfBenefit" -> {
                        answered.add(resource.get("claim").get("reference").asText());
                        LocalDate day = day(resource.get("created"));
                        for (JsonNode total : resource.path("total")) {
                            if (total.toString().contains("\"submitted\"")
                                    && !day.isBefore(START)
                                    && !day.isAfter(END)) {
                                costs.add(new Item(
                                        patient,
                                        day,
                                        NONE,
                                        false,
                                        total.get("amount").get("value").asDouble()));
                            }
                        }
                    }
                    case "Condition" -> {
                        boolean coded = resource.get("code").toString().contains("\"44054006\"");
                        boolean over = resource.has("abatementDateTime")
                                && day(resource.get("abatementDateTime")).isBefore(START);
                        boolean later = resource.has("onsetDateTime")
                                && day(resource.get("onsetDateTime")).isAfter(END);
                        diabetic |= coded && !over && !later;
                    }
                    case "Observation" -> {
                        if (resource.get("code").toString().contains("\"4548-4\"") && resource.has("valueQuantity")) {
                            LocalDate day = day(resource.get("effectiveDateTime"));
                            if (!day.isBefore(START) && !day.isAfter(END)) {
                                hba1c.put(
                                        day,
                                        resource.get("valueQuantity")
                                                .get("value")
                                                .asDouble());
                            }
                        }
                    }
                    default -> {}
                }
            }
            for (JsonNode entry : entries) {
                JsonNode resource = entry.get("resource");
                if (resource.get("resourceType").asText().equals("Claim")
                        && !answered.contains(entry.get("fullUrl").asText())) {
                    LocalDate day = day(resource.get("created"));
                    if (!day.isBefore(START) && !day.isAfter(END)) {
                        costs.add(new Item(
                                patient,
                                day,
                                NONE,
                                false,
                                resource.get("total").get("value").asDouble()));
                    }
                }
            }
            for (JsonNode stay : inpatient) {
                LocalDate admitted = day(stay.get("period").get("start"));
                LocalDate discharged = day(stay.get("period").get("end"));
                if (discharged.isBefore(START) || discharged.isAfter(END)) {
                    continue;
                }
                stays.add(new Item("stay", discharged, NONE, false, (double)
                        Math.max(1, ChronoUnit.DAYS.between(admitted, discharged))));
                if (stay.path("hospitalization")
                        .path("dischargeDisposition")
                        .toString()
                        .contains("\"exp\"")) {
                    continue;
                }
                java.time.Instant left = OffsetDateTime.parse(
                                stay.get("period").get("end").asText())
                        .toInstant();
                boolean readmitted = inpatient.stream()
                        .map(s -> OffsetDateTime.parse(
                                        s.get("period").get("start").asText())
                                .toInstant())
                        .anyMatch(start -> start.isAfter(left)
                                && ChronoUnit.DAYS.between(discharged, LocalDate.ofInstant(start, ZoneOffset.UTC))
                                        <= 30);
                readmissions.add(new Item("stay", discharged, NONE, readmitted, null));
            }
            if (diabetic) {
                Map.Entry<LocalDate, Double> last = ((TreeMap<LocalDate, Double>) hba1c).lastEntry();
                control.add(new Item(
                        patient, last == null ? END : last.getKey(), NONE, last != null && last.getValue() < 8, null));
            }
        }
        client.update().resource(group).execute();
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(START); !m.isAfter(YearMonth.from(END)); m = m.plusMonths(1)) {
            months.add(m);
        }

        Response response = http.get("/$coordination-metrics?periodStart=" + START + "&periodEnd=" + END
                + "&interval=month&subject=Group/synthea-outcomes&metric=readmission-30-day&metric=emergency-visits"
                + "&metric=average-length-of-stay&metric=cost-per-patient&metric=hba1c-control");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, String> expected = new TreeMap<>();
        expected.putAll(ExpectedFigures.expected(
                "readmission-30-day", Kind.PROPORTION, readmissions, months, List.of("organization")));
        expected.putAll(ExpectedFigures.expected(
                "emergency-visits", Kind.RATIO_PER_1000, emergencies, months, List.of("organization")));
        expected.putAll(
                ExpectedFigures.expected("average-length-of-stay", Kind.MEAN, stays, months, List.of("organization")));
        expected.putAll(ExpectedFigures.expected(
                "cost-per-patient", Kind.TOTAL_PER_RESOURCE, costs, months, List.of("organization")));
        expected.putAll(
                ExpectedFigures.expected("hba1c-control", Kind.PROPORTION, control, months, List.of("organization")));
        assertThat(ExpectedFigures.of(FHIR.newJsonParser().parseResource(MeasureReport.class, response.body())))
                .isEqualTo(expected);
        // the files hold every case the figures are about
        assertThat(emergencies.stream().filter(Item::numerator)).hasSizeGreaterThan(10);
        assertThat(costs).hasSizeGreaterThan(100);
        assertThat(stays).hasSizeGreaterThan(10);
        assertThat(control).isNotEmpty();
    }

    /** The stored id of the patient of a Synthea bundle, found by the identifier Synthea gave it. */
    private String patientOf(JsonNode entries) {
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
        return "Patient/"
                + found.getEntryFirstRep().getResource().getIdElement().getIdPart();
    }

    private static LocalDate day(JsonNode dateTime) {
        return OffsetDateTime.parse(dateTime.asText())
                .atZoneSameInstant(ZoneOffset.UTC)
                .toLocalDate();
    }
}
