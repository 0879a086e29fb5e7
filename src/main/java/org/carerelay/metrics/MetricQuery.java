package org.carerelay.metrics;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.metrics.rules.Metric;
import org.carerelay.metrics.rules.Period;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * What a {@code $coordination-metrics} call asks: the period (calendar days in the practice's zone, both required, at
 * most {@value #MAX_MONTHS} months), whether to stratify by month, and which metrics (default all).
 */
record MetricQuery(Period period, boolean monthly, List<Metric> metrics) {

    static final int MAX_MONTHS = 60;

    static MetricQuery of(
            DateType periodStart, DateType periodEnd, String interval, List<CodeType> codes, ZoneId zone) {
        LocalDate start = day(periodStart, "periodStart");
        LocalDate end = day(periodEnd, "periodEnd");
        if (end.isBefore(start)) {
            throw invalid("periodEnd " + end + " is before periodStart " + start, "periodEnd");
        }
        if (ChronoUnit.MONTHS.between(start.withDayOfMonth(1), end.withDayOfMonth(1)) >= MAX_MONTHS) {
            throw invalid(
                    "The period from " + start + " to " + end + " is longer than " + MAX_MONTHS
                            + " months; ask for a shorter one",
                    "periodEnd");
        }
        if (interval != null && !interval.equals("month")) {
            throw invalid("interval '" + interval + "' is not supported; the only interval is month", "interval");
        }
        return new MetricQuery(new Period(start, end, zone), interval != null, metrics(codes));
    }

    private static LocalDate day(DateType given, String parameter) {
        if (given == null || given.getValue() == null) {
            throw invalid(parameter + " is required (a date such as 2026-01-01)", parameter);
        }
        if (given.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
            throw invalid(
                    parameter + " '" + given.getValueAsString() + "' must be a whole day (YYYY-MM-DD)", parameter);
        }
        try {
            return LocalDate.of(given.getYear(), given.getMonth() + 1, given.getDay());
        } catch (DateTimeException e) {
            throw invalid(
                    parameter + " '" + given.getValueAsString() + "' is not a day of the calendar: " + e.getMessage(),
                    parameter);
        }
    }

    private static List<Metric> metrics(List<CodeType> codes) {
        if (codes == null || codes.isEmpty()) {
            return List.of(Metric.values());
        }
        List<Metric> metrics = new ArrayList<>();
        for (CodeType code : codes) {
            Metric metric = Metric.byCode(code.getValue())
                    .orElseThrow(() -> invalid(
                            "Unknown metric '" + code.getValue() + "'; known metrics: "
                                    + Arrays.stream(Metric.values())
                                            .map(Metric::code)
                                            .collect(Collectors.joining(", ")),
                            "metric"));
            if (!metrics.contains(metric)) {
                metrics.add(metric);
            }
        }
        return List.copyOf(metrics);
    }

    static InvalidRequestException invalid(String message, String parameter) {
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, parameter));
    }
}
