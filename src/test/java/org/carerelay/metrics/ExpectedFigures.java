package org.carerelay.metrics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.hl7.fhir.r4.model.MeasureReport;

/**
 * Figures of a report as one flat, sorted map ({@code metric|stratifier=value|population} to a count, {@code ...|score}
 * to the score), so that a whole report is compared at once and a difference names its place. Built from a
 * MeasureReport, or from expected items worked out of a plan.
 */
final class ExpectedFigures {

    /** One resource a metric is expected to count. */
    record Item(String resource, LocalDate day, Map<String, String> strata, boolean numerator, Double observation) {}

    enum Kind {
        PROPORTION,
        /** Events (numerator items) per 1,000 of the other items (the patients, counted in every stratum). */
        RATIO_PER_1000,
        /** Continuous, scored by the median. */
        CONTINUOUS,
        /** Continuous, scored by the mean. */
        MEAN,
        /** Continuous, the total of the observations over the distinct resources counted. */
        TOTAL_PER_RESOURCE,
        COHORT
    }

    private ExpectedFigures() {}

    static Map<String, String> of(MeasureReport report) {
        Map<String, String> figures = new TreeMap<>();
        for (var group : report.getGroup()) {
            String metric = group.getCode().getCodingFirstRep().getCode();
            group.getPopulation()
                    .forEach(p -> figures.put(
                            metric + "|" + p.getCode().getCodingFirstRep().getCode(), String.valueOf(p.getCount())));
            if (group.hasMeasureScore()) {
                figures.put(metric + "|score", plain(group.getMeasureScore().getValue()));
            }
            for (var stratifier : group.getStratifier()) {
                String name = stratifier.getCodeFirstRep().getText();
                for (var stratum : stratifier.getStratum()) {
                    String at = metric + "|" + name + "=" + stratum.getValue().getText() + "|";
                    stratum.getPopulation()
                            .forEach(p -> figures.put(
                                    at + p.getCode().getCodingFirstRep().getCode(), String.valueOf(p.getCount())));
                    if (stratum.hasMeasureScore()) {
                        figures.put(
                                at + "score", plain(stratum.getMeasureScore().getValue()));
                    }
                }
            }
        }
        return figures;
    }

    /** The figures of one metric: overall, by every month given, and by each named stratum's values present. */
    static Map<String, String> expected(
            String metric, Kind kind, List<Item> items, List<YearMonth> months, List<String> strata) {
        Map<String, String> figures = new TreeMap<>();
        put(figures, metric + "|", kind, items);
        for (YearMonth month : months) {
            put(
                    figures,
                    metric + "|month=" + month + "|",
                    kind,
                    filter(
                            items,
                            i -> (kind == Kind.RATIO_PER_1000 && !i.numerator())
                                    || YearMonth.from(i.day()).equals(month)));
        }
        for (String stratum : strata) {
            Map<String, List<Item>> byValue = new TreeMap<>();
            items.forEach(i -> byValue.computeIfAbsent(i.strata().get(stratum), k -> new ArrayList<>())
                    .add(i));
            byValue.forEach((value, in) -> put(figures, metric + "|" + stratum + "=" + value + "|", kind, in));
        }
        return figures;
    }

    private static List<Item> filter(List<Item> items, Function<Item, Boolean> keep) {
        return items.stream().filter(keep::apply).toList();
    }

    private static void put(Map<String, String> figures, String at, Kind kind, List<Item> items) {
        int n = items.size();
        if (kind == Kind.RATIO_PER_1000) {
            long events = items.stream().filter(Item::numerator).count();
            long patients = n - events;
            figures.put(at + "initial-population", String.valueOf(patients));
            figures.put(at + "denominator", String.valueOf(patients));
            figures.put(at + "numerator", String.valueOf(events));
            if (patients > 0) {
                figures.put(
                        at + "score", plain(BigDecimal.valueOf(Math.round(10_000_000d * events / patients) / 10_000d)));
            }
            return;
        }
        if (kind == Kind.TOTAL_PER_RESOURCE) {
            long resources = items.stream().map(Item::resource).distinct().count();
            figures.put(at + "initial-population", String.valueOf(resources));
            figures.put(at + "measure-population", String.valueOf(resources));
            figures.put(at + "measure-observation", String.valueOf(resources));
            if (resources > 0) {
                BigDecimal total = items.stream()
                        .map(i -> BigDecimal.valueOf(i.observation()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                figures.put(
                        at + "score",
                        plain(total.divide(BigDecimal.valueOf(resources), 4, java.math.RoundingMode.HALF_UP)));
            }
            return;
        }
        if (kind == Kind.MEAN) {
            figures.put(at + "initial-population", String.valueOf(n));
            figures.put(at + "measure-population", String.valueOf(n));
            figures.put(at + "measure-observation", String.valueOf(n));
            if (n > 0) {
                double sum = items.stream().mapToDouble(Item::observation).sum();
                figures.put(
                        at + "score",
                        plain(BigDecimal.valueOf(sum)
                                .divide(BigDecimal.valueOf(n), 4, java.math.RoundingMode.HALF_UP)));
            }
            return;
        }
        figures.put(at + "initial-population", String.valueOf(n));
        switch (kind) {
            case PROPORTION -> {
                long k = items.stream().filter(Item::numerator).count();
                figures.put(at + "denominator", String.valueOf(n));
                figures.put(at + "numerator", String.valueOf(k));
                if (n > 0) {
                    figures.put(at + "score", plain(BigDecimal.valueOf(Math.round(10_000d * k / n) / 10_000d)));
                }
            }
            case CONTINUOUS -> {
                figures.put(at + "measure-population", String.valueOf(n));
                figures.put(at + "measure-observation", String.valueOf(n));
                List<Double> values =
                        items.stream().map(Item::observation).sorted().toList();
                if (n > 0) {
                    double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
                    figures.put(at + "score", plain(BigDecimal.valueOf(median)));
                }
            }
            case COHORT -> figures.put(at + "score", String.valueOf(n));
            default -> throw new IllegalStateException(kind + " is put above");
        }
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
