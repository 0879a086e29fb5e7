package org.carerelay.metrics.rules;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/**
 * The days a report covers, first and last included, as calendar days in the practice's time zone; and how a FHIR
 * date or date-time is read there (one without a zone is the practice's local time, never the JVM's).
 */
public record Period(LocalDate start, LocalDate end, ZoneId zone) {

    public Period {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("The period ends before it starts");
        }
    }

    public boolean contains(LocalDate day) {
        return day != null && !day.isBefore(start) && !day.isAfter(end);
    }

    /** The first instant of the period. */
    public Instant startInstant() {
        return start.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the period. */
    public Instant endInstant() {
        return end.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The calendar months the period touches, in order. */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(start); !m.isAfter(YearMonth.from(end)); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /** The calendar day of a date or date-time in the practice's zone; null when there is no value. */
    public LocalDate day(BaseDateTimeType value) {
        Instant instant = instant(value);
        if (instant == null) {
            return null;
        }
        if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
        }
        return LocalDate.ofInstant(instant, zone);
    }

    /**
     * The instant of a date or date-time: a date is the start of that day in the practice's zone, a time without a
     * zone is the practice's local time. Null when there is no value.
     */
    public Instant instant(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            int month = value.getPrecision() == TemporalPrecisionEnum.YEAR ? 0 : value.getMonth();
            int day = value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal() ? 1 : value.getDay();
            return LocalDate.of(value.getYear(), month + 1, day)
                    .atStartOfDay(zone)
                    .toInstant();
        }
        String written = value.getValueAsString();
        if (written.endsWith("Z") || written.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return value.getValue().toInstant();
        }
        return LocalDateTime.of(
                        value.getYear(),
                        value.getMonth() + 1,
                        value.getDay(),
                        value.getHour(),
                        value.getMinute(),
                        value.getSecond())
                .atZone(zone)
                .toInstant();
    }
}
