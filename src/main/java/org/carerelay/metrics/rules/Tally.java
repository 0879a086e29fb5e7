package org.carerelay.metrics.rules;

import java.util.List;

/**
 * The figures of a metric over some counted resources: how many were counted, how many are in the numerator, and the
 * score (the proportion, the median observation or the count; null when there is nothing to score).
 */
public record Tally(int counted, int numerator, Double score) {

    public static Tally of(Metric metric, List<Counted> items) {
        int numerator = (int) items.stream().filter(Counted::numerator).count();
        Double score = switch (metric.scoring()) {
            case PROPORTION -> items.isEmpty() ? null : round((double) numerator / items.size());
            case CONTINUOUS_VARIABLE ->
                median(items.stream().map(Counted::observation).sorted().toList());
            case COHORT -> (double) items.size();
        };
        return new Tally(items.size(), numerator, score);
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

    /** Four decimals: enough for a rate or an hour, and the same figure on every database. */
    static double round(double value) {
        return Math.round(value * 10_000d) / 10_000d;
    }
}
