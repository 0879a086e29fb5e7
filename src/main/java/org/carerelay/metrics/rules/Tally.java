package org.carerelay.metrics.rules;

import java.util.List;

/**
 * The figures of a metric over some counted resources: how many were counted (the denominator), how many are in the
 * numerator, and the score (the proportion, the ratio per 1,000, the median or mean observation, or the count; null
 * when there is nothing to score). In a ratio the counted items are the denominator's (patients) and the numerator's
 * (events), told apart by {@link Counted#numerator()}.
 */
public record Tally(int counted, int numerator, Double score) {

    public static Tally of(Metric metric, List<Counted> items) {
        int numerator = (int) items.stream().filter(Counted::numerator).count();
        if (metric.scoring() == Metric.Scoring.RATIO) {
            int denominator = items.size() - numerator;
            return new Tally(denominator, numerator, denominator == 0 ? null : round(1000d * numerator / denominator));
        }
        Double score = switch (metric.scoring()) {
            case PROPORTION -> items.isEmpty() ? null : round((double) numerator / items.size());
            case CONTINUOUS_VARIABLE -> {
                List<Double> sorted =
                        items.stream().map(Counted::observation).sorted().toList();
                yield switch (metric.aggregate()) {
                    case MEDIAN -> median(sorted);
                    case MEAN -> mean(sorted);
                    case TOTAL_PER_RESOURCE -> {
                        int resources = (int)
                                items.stream().map(Counted::resource).distinct().count();
                        yield resources == 0 ? null : round(total(sorted) / resources);
                    }
                };
            }
            case COHORT -> (double) items.size();
            case RATIO -> throw new IllegalStateException("scored above");
        };
        int counted = metric.aggregate() == Metric.Aggregate.TOTAL_PER_RESOURCE
                ? (int) items.stream().map(Counted::resource).distinct().count()
                : items.size();
        return new Tally(counted, numerator, score);
    }

    /** The median; of an even count, the mean of the two middle values. */
    static Double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        return round(median);
    }

    static Double mean(List<Double> values) {
        return values.isEmpty() ? null : round(total(values) / values.size());
    }

    /** The sum, added in order (the same figure on every run). */
    private static double total(List<Double> values) {
        return values.stream()
                .map(java.math.BigDecimal::valueOf)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                .doubleValue();
    }

    /** Four decimals: enough for a rate or an hour, and the same figure on every database. */
    static double round(double value) {
        return Math.round(value * 10_000d) / 10_000d;
    }
}
