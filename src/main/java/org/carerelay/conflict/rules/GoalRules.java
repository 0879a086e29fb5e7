package org.carerelay.conflict.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;

/**
 * Conflicting goals: two live goals named by different active plans that target the same measure (its LOINC codes
 * count as one, values in another unit converted) with intervals that do not overlap.
 */
final class GoalRules {

    private static final Set<String> LIVE = Set.of("planned", "accepted", "active");

    private final Knowledge knowledge;

    GoalRules(Knowledge knowledge) {
        this.knowledge = knowledge;
    }

    /** A goal's target on a measure. */
    record Target(Goal goal, CarePlan plan, String measure, Interval interval) {}

    List<Conflict> conflicts(Chart chart) {
        List<Target> targets = new ArrayList<>();
        for (Goal goal : chart.record.goals()) {
            CarePlan plan = chart.planOf.get(chart.key(goal));
            if (plan == null
                    || goal.getLifecycleStatus() == null
                    || !LIVE.contains(goal.getLifecycleStatus().toCode())
                    || chart.days.after(goal.getStart())) {
                continue;
            }
            for (Goal.GoalTargetComponent target : goal.getTarget()) {
                for (Map.Entry<String, Knowledge.Measure> measure :
                        knowledge.goals().measures().entrySet()) {
                    Interval interval = interval(target, measure.getValue());
                    if (interval != null) {
                        targets.add(new Target(goal, plan, measure.getKey(), interval));
                    }
                }
            }
        }
        // in id order, so that the answer does not depend on the order the store returned the goals in
        targets.sort(java.util.Comparator.comparing(t -> chart.key(t.goal())));
        List<Conflict> conflicts = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            for (int j = i + 1; j < targets.size(); j++) {
                Target a = targets.get(i);
                Target b = targets.get(j);
                if (a.goal() == b.goal()
                        || a.plan() == b.plan()
                        || !a.measure().equals(b.measure())
                        || a.interval().overlaps(b.interval())) {
                    continue;
                }
                Knowledge.Measure measure = knowledge.goals().measures().get(a.measure());
                Side first = side(chart, a, measure);
                Side second = side(chart, b, measure);
                conflicts.add(new Conflict(
                        ConflictRule.CONFLICTING_GOALS,
                        knowledge.goals().id(),
                        knowledge.goals().severity(),
                        first,
                        second,
                        knowledge.goals().sources().stream()
                                .map(knowledge::source)
                                .toList(),
                        first.described() + " and " + second.described() + ": targets that do not overlap",
                        null,
                        knowledge.goals().action(),
                        false));
            }
        }
        return conflicts;
    }

    private Side side(Chart chart, Target target, Knowledge.Measure measure) {
        Reference author =
                target.goal().hasExpressedBy() ? target.goal().getExpressedBy() : Chart.authorOf(target.plan());
        return new Side(
                target.goal(),
                chart.key(target.goal()),
                measure.display() + " " + target.interval() + " " + measure.unit(),
                author,
                chart.key(target.plan()));
    }

    /** The target's interval on the measure's scale; null when it is not about the measure or states no number. */
    static Interval interval(Goal.GoalTargetComponent target, Knowledge.Measure measure) {
        Knowledge.Conversion conversion = null;
        if (!Codes.matches(target.getMeasure(), measure.codes())) {
            conversion = measure.converted().stream()
                    .filter(c -> Codes.matches(target.getMeasure(), List.of(c.code())))
                    .findFirst()
                    .orElse(null);
            if (conversion == null) {
                return null;
            }
        }
        if (target.hasDetailQuantity()) {
            Quantity quantity = target.getDetailQuantity();
            if (quantity.getValue() == null) {
                return null;
            }
            Double value = scaled(quantity, conversion, measure);
            if (value == null) {
                return null;
            }
            String comparator = quantity.getComparator() == null
                    ? null
                    : quantity.getComparator().toCode();
            return Interval.of(comparator, value);
        }
        if (target.hasDetailRange()) {
            Range range = target.getDetailRange();
            Double low = range.hasLow() && range.getLow().getValue() != null
                    ? scaled(range.getLow(), conversion, measure)
                    : null;
            Double high = range.hasHigh() && range.getHigh().getValue() != null
                    ? scaled(range.getHigh(), conversion, measure)
                    : null;
            if (low == null && high == null) {
                return null;
            }
            return new Interval(low, false, high, false);
        }
        return null;
    }

    /**
     * A value on the measure's scale: a unit that says the measure's own ({@code %}) is taken as it is, one that
     * names a conversion's unit ({@code mmol/mol}) is converted, and a value without a unit is read in the unit its
     * code reports. Null when the unit is neither.
     */
    private static Double scaled(Quantity quantity, Knowledge.Conversion byCode, Knowledge.Measure measure) {
        double value = quantity.getValue().doubleValue();
        String unit = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
        if (unit == null || unit.isBlank()) {
            return byCode == null ? value : value * byCode.factor() + byCode.offset();
        }
        String normalized = unit.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals(measure.unit().toLowerCase(Locale.ROOT))) {
            return value;
        }
        for (Knowledge.Conversion conversion : measure.converted()) {
            if (normalized.equals(conversion.unit().toLowerCase(Locale.ROOT))) {
                return value * conversion.factor() + conversion.offset();
            }
        }
        return null;
    }
}
