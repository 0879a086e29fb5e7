package org.carerelay.caregap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.function.Supplier;
import org.carerelay.caregap.rules.Gap;

/**
 * What operators watch of care-gap runs, on the management port: {@code carerelay_care_gaps_runs_seconds} (runs of
 * one patient or of a population page, their count and duration, by {@code scope} and {@code outcome}),
 * {@code carerelay_care_gaps_found_total} (open gaps reported, by {@code rule}) and
 * {@code carerelay_care_gaps_unevaluable_total} (records the rules failed on: a rule to fix).
 */
final class CareGapMetrics {

    private final MeterRegistry meters;

    CareGapMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    <T> T run(String scope, Supplier<T> run) {
        long started = System.nanoTime();
        String outcome = "failed";
        try {
            T result = run.get();
            outcome = "success";
            return result;
        } finally {
            Timer.builder("carerelay.care-gaps.runs")
                    .description("Care-gap runs: one patient, or one page of a population")
                    .tag("scope", scope)
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    void found(List<Gap> gaps) {
        for (Gap gap : gaps) {
            Counter.builder("carerelay.care-gaps.found")
                    .description("Open care gaps reported")
                    .tag("rule", gap.rule().code())
                    .register(meters)
                    .increment();
        }
    }

    void unevaluable() {
        Counter.builder("carerelay.care-gaps.unevaluable")
                .description("Patient records the care-gap rules could not evaluate")
                .register(meters)
                .increment();
    }
}
