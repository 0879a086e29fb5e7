package org.carerelay.metrics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.carerelay.metrics.ExpectedFigures.Item;
import org.carerelay.metrics.ExpectedFigures.Kind;

/**
 * What a plan implies for the Outcomes and Operations-and-cost families over a period, worked out from the plan alone
 * (the thresholds are the documented defaults: HbA1c below 8 %, PHQ-9 index of 10 or more, response a drop of half,
 * remission below 5, six months give or take 60 days, readmission within 30 days, amounts in USD).
 */
final class OutcomeFigures {

    private final MetricsPlan plan;
    private final LocalDate start;
    private final LocalDate end;

    OutcomeFigures(MetricsPlan plan, LocalDate start, LocalDate end) {
        this.plan = plan;
        this.start = start;
        this.end = end;
    }

    /** Every figure of the eight metrics, month by month. */
    Map<String, String> all(List<java.time.YearMonth> months) {
        Map<String, String> expected = new TreeMap<>();
        expected.putAll(
                ExpectedFigures.expected("hba1c-control", Kind.PROPORTION, hba1cControl(), months, ORGANIZATION));
        expected.putAll(ExpectedFigures.expected("phq9-response", Kind.PROPORTION, phq9(true), months, ORGANIZATION));
        expected.putAll(ExpectedFigures.expected("phq9-remission", Kind.PROPORTION, phq9(false), months, ORGANIZATION));
        expected.putAll(
                ExpectedFigures.expected("readmission-30-day", Kind.PROPORTION, readmissions(), months, ORGANIZATION));
        expected.putAll(
                ExpectedFigures.expected("emergency-visits", Kind.RATIO_PER_1000, emergencies(), months, ORGANIZATION));
        expected.putAll(
                ExpectedFigures.expected("missed-appointments", Kind.PROPORTION, appointments(), months, ORGANIZATION));
        expected.putAll(ExpectedFigures.expected("average-length-of-stay", Kind.MEAN, stays(), months, ORGANIZATION));
        expected.putAll(
                ExpectedFigures.expected("cost-per-patient", Kind.TOTAL_PER_RESOURCE, costs(), months, ORGANIZATION));
        return expected;
    }

    static final List<String> ORGANIZATION = List.of("organization");

    /** The strata of an item of this patient: their managing organization. */
    private Map<String, String> at(String patient) {
        return Map.of("organization", plan.organizationOf(patient));
    }

    private boolean inPeriod(LocalDate day) {
        return !day.isBefore(start) && !day.isAfter(end);
    }

    /** Patients with a diagnosis not refuted; controlled when their last valid HbA1c of the period is below 8. */
    List<Item> hba1cControl() {
        Set<String> diabetic = new HashSet<>();
        plan.diabetes.stream().filter(d -> !d.refuted()).forEach(d -> diabetic.add(d.patient()));
        List<Item> items = new ArrayList<>();
        for (String patient : diabetic) {
            MetricsPlan.Result last = plan.results.stream()
                    .filter(r ->
                            r.patient().equals(patient) && r.loinc().equals("4548-4") && r.valid() && inPeriod(r.day()))
                    .max(Comparator.comparing(MetricsPlan.Result::day))
                    .orElse(null);
            boolean controlled = last != null && last.value().compareTo(BigDecimal.valueOf(8)) < 0;
            items.add(new Item(patient, last == null ? end : last.day(), at(patient), controlled, null));
        }
        return items;
    }

    List<Item> phq9(boolean response) {
        List<Item> items = new ArrayList<>();
        for (String patient : plan.patients) {
            List<MetricsPlan.Result> scores = plan.results.stream()
                    .filter(r -> r.patient().equals(patient) && r.loinc().equals("44261-6") && r.valid())
                    .sorted(Comparator.comparing(MetricsPlan.Result::day))
                    .toList();
            MetricsPlan.Result index = scores.stream()
                    .filter(r -> inPeriod(r.day()) && r.value().intValue() >= 10)
                    .findFirst()
                    .orElse(null);
            if (index == null) {
                continue;
            }
            LocalDate due = index.day().plusMonths(6);
            MetricsPlan.Result followUp = scores.stream()
                    .filter(r -> r.day().isAfter(index.day())
                            && !r.day().isBefore(due.minusDays(60))
                            && !r.day().isAfter(due.plusDays(60)))
                    .reduce((a, b) -> b)
                    .orElse(null);
            int baseline = index.value().intValue();
            boolean met = followUp != null
                    && (response
                            ? followUp.value().intValue() * 2 <= baseline
                            : followUp.value().intValue() < 5);
            items.add(new Item("Observation/" + index.id(), index.day(), at(patient), met, null));
        }
        return items;
    }

    List<Item> readmissions() {
        List<Item> items = new ArrayList<>();
        for (MetricsPlan.Stay stay : plan.stays) {
            if (!inPeriod(stay.discharged()) || stay.died()) {
                continue;
            }
            boolean readmitted = plan.stays.stream()
                    .filter(s -> s.patient().equals(stay.patient()))
                    .map(s -> s.discharged().minusDays(s.days()))
                    .anyMatch(admitted -> admitted.isAfter(stay.discharged())
                            && ChronoUnit.DAYS.between(stay.discharged(), admitted) <= 30);
            items.add(new Item("Encounter/" + stay.id(), stay.discharged(), at(stay.patient()), readmitted, null));
        }
        return items;
    }

    /** The patients (everyone planned) and the emergency visits of the period that happened. */
    List<Item> emergencies() {
        List<Item> items = new ArrayList<>();
        plan.patients.forEach(p -> items.add(new Item(p, start, at(p), false, null)));
        plan.emergencies.stream()
                .filter(v -> v.happened() && inPeriod(v.day()))
                .forEach(v -> items.add(new Item("Encounter/" + v.id(), v.day(), at(v.patient()), true, null)));
        return items;
    }

    List<Item> appointments() {
        Set<String> booked = Set.of("booked", "fulfilled", "noshow");
        return plan.bookings.stream()
                .filter(b -> inPeriod(b.day()) && booked.contains(b.status()))
                .map(b -> new Item(
                        "Appointment/" + b.id(),
                        b.day(),
                        at(b.patient()),
                        b.status().equals("noshow"),
                        null))
                .toList();
    }

    /** Every stay that ended in the period (a death too), its days from admission, a same-day stay one. */
    List<Item> stays() {
        return plan.stays.stream()
                .filter(s -> inPeriod(s.discharged()))
                .map(s -> new Item(
                        "Encounter/" + s.id(), s.discharged(), at(s.patient()), false, (double) Math.max(1, s.days())))
                .toList();
    }

    /** One amount per claim of the period in USD (its explanation of benefit, or the claim itself), by patient. */
    List<Item> costs() {
        return plan.charges.stream()
                .filter(c -> inPeriod(c.day()) && c.currency().equals("USD"))
                .map(c -> new Item(
                        c.patient(), c.day(), at(c.patient()), false, c.amount().doubleValue()))
                .toList();
    }
}
