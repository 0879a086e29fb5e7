package org.carerelay.metrics;

import java.time.YearMonth;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carerelay.fhir.Canonical;
import org.carerelay.metrics.rules.Counted;
import org.carerelay.metrics.rules.Metric;
import org.carerelay.metrics.rules.Metric.Scoring;
import org.carerelay.metrics.rules.Tally;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * A summary MeasureReport of the metrics: one group per metric (its code from the coordination-metric CodeSystem),
 * its populations and score, a stratifier per month when asked, and one per the metric's own strata (receiver,
 * status). Each population of a group names a contained List of the resources it counted: the drill-down.
 */
final class MetricReport {

    static final String METRIC_SYSTEM = Canonical.codeSystem("coordination-metric");
    static final String COORDINATION_METRICS = Canonical.BASE + "/Measure/coordination-metrics";
    static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String MONTH = "month";
    static final String ORGANIZATION = "organization";
    static final String ISO_4217 = "urn:iso:std:iso:4217";

    private MetricReport() {}

    static String measureUrl(Metric metric) {
        return Canonical.BASE + "/Measure/" + metric.code();
    }

    /**
     * The report of these counted items; {@code currency} is the ISO 4217 code of the amounts a cost metric adds up.
     */
    static MeasureReport of(MetricQuery query, Map<Metric, List<Counted>> results, String currency) {
        MeasureReport report = new MeasureReport();
        report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE)
                .setType(MeasureReport.MeasureReportType.SUMMARY)
                .setMeasure(COORDINATION_METRICS)
                .setDate(new Date());
        report.getPeriod()
                .setStartElement(new DateTimeType(query.period().start().toString()))
                .setEndElement(new DateTimeType(query.period().end().toString()));
        for (Metric metric : query.metrics()) {
            List<Counted> items = results.getOrDefault(metric, List.of());
            MeasureReportGroupComponent group = report.addGroup();
            group.setId(metric.code());
            group.setCode(new CodeableConcept(new Coding(METRIC_SYSTEM, metric.code(), metric.title())));
            Tally tally = Tally.of(metric, items);
            for (Population population : populations(metric)) {
                List<Counted> counted =
                        items.stream().filter(c -> in(metric, population, c)).toList();
                ListResource list = drillDown(metric, population.code, counted);
                report.addContained(list);
                group.addPopulation()
                        .setCode(code(population.code))
                        .setCount(population.numerator ? tally.numerator() : tally.counted())
                        .setSubjectResults(new Reference("#" + list.getId()));
            }
            score(metric, tally, currency).ifPresent(group::setMeasureScore);
            if (query.monthly()) {
                stratify(
                        group,
                        metric,
                        currency,
                        MONTH,
                        items,
                        c -> YearMonth.from(c.day()).toString(),
                        query.period().months().stream()
                                .map(YearMonth::toString)
                                .toList());
            }
            List<String> strata = new java.util.ArrayList<>(metric.strata());
            strata.add(ORGANIZATION);
            for (String stratum : strata) {
                Map<String, List<Counted>> byValue = new TreeMap<>(items.stream()
                        .collect(Collectors.groupingBy(c -> c.strata().getOrDefault(stratum, "none"))));
                stratify(
                        group,
                        metric,
                        currency,
                        stratum,
                        items,
                        c -> c.strata().getOrDefault(stratum, "none"),
                        List.copyOf(byValue.keySet()));
            }
        }
        return report;
    }

    private static void stratify(
            MeasureReportGroupComponent group,
            Metric metric,
            String currency,
            String name,
            List<Counted> items,
            Function<Counted, String> value,
            List<String> values) {
        var stratifier = group.addStratifier();
        stratifier.addCode().setText(name).addCoding(new Coding(METRIC_SYSTEM, name, null));
        // a ratio's denominator (the patients in scope) is the same in every month; only its events are placed
        boolean ratio = metric.scoring() == Scoring.RATIO && name.equals(MONTH);
        List<Counted> everywhere =
                ratio ? items.stream().filter(c -> !c.numerator()).toList() : List.of();
        Map<String, List<Counted>> grouped =
                items.stream().filter(c -> !ratio || c.numerator()).collect(Collectors.groupingBy(value));
        for (String v : values) {
            List<Counted> in = new java.util.ArrayList<>(everywhere);
            in.addAll(grouped.getOrDefault(v, List.of()));
            StratifierGroupComponent stratum = stratifier.addStratum();
            stratum.getValue().setText(v);
            Tally tally = Tally.of(metric, in);
            for (Population population : populations(metric)) {
                stratum.addPopulation()
                        .setCode(code(population.code))
                        .setCount(population.numerator ? tally.numerator() : tally.counted());
            }
            score(metric, tally, currency).ifPresent(stratum::setMeasureScore);
        }
    }

    private record Population(String code, boolean numerator) {}

    private static List<Population> populations(Metric metric) {
        return switch (metric.scoring()) {
            case PROPORTION, RATIO ->
                List.of(
                        new Population("initial-population", false),
                        new Population("denominator", false),
                        new Population("numerator", true));
            case CONTINUOUS_VARIABLE ->
                List.of(
                        new Population("initial-population", false),
                        new Population("measure-population", false),
                        new Population("measure-observation", false));
            case COHORT -> List.of(new Population("initial-population", false));
        };
    }

    /**
     * Whether an item belongs in a population's list: the numerator holds the items in it; the others hold every item,
     * but a ratio's denominator only its own (the patients, not the events).
     */
    private static boolean in(Metric metric, Population population, Counted item) {
        if (population.numerator) {
            return item.numerator();
        }
        return metric.scoring() != Scoring.RATIO || !item.numerator();
    }

    private static Optional<Quantity> score(Metric metric, Tally tally, String currency) {
        if (tally.score() == null) {
            return Optional.empty();
        }
        Quantity score = new Quantity().setValue(tally.score());
        if (Metric.CURRENCY.equals(metric.unit())) {
            score.setUnit(currency).setSystem(ISO_4217).setCode(currency);
        } else if (metric.unit() != null) {
            score.setUnit(metric.unit()).setSystem(UCUM).setCode(metric.unit());
        } else if (metric.scoring() == Scoring.COHORT) {
            score.setUnit("{count}").setSystem(UCUM).setCode("{count}");
        }
        return Optional.of(score);
    }

    private static CodeableConcept code(String population) {
        return new CodeableConcept(new Coding(POPULATION_SYSTEM, population, null));
    }

    private static ListResource drillDown(Metric metric, String population, List<Counted> counted) {
        ListResource list = new ListResource();
        list.setId(metric.code() + "-" + population);
        list.setStatus(ListResource.ListStatus.CURRENT).setMode(ListResource.ListMode.SNAPSHOT);
        list.setTitle(metric.title() + ": " + population);
        Set<String> seen = new HashSet<>();
        for (Counted item : counted) {
            if (seen.add(item.resource())) {
                list.addEntry().setItem(new Reference(item.resource()));
            }
        }
        return list;
    }
}
