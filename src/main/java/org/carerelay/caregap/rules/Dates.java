package org.carerelay.caregap.rules;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Type;

/**
 * Date arithmetic the rules share, and the dates they read from choice elements. A date element may be present without
 * a value (a data-absent-reason in its place); such a date, and any choice the rules do not read as a date (an Age, a
 * Range, a string, a Timing), is no date.
 */
final class Dates {

    private Dates() {}

    static Date minusDays(Date date, int days) {
        return new Date(date.getTime() - TimeUnit.DAYS.toMillis(days));
    }

    static Date plusDays(Date date, int days) {
        return new Date(date.getTime() + TimeUnit.DAYS.toMillis(days));
    }

    static Date minusHours(Date date, int hours) {
        return new Date(date.getTime() - TimeUnit.HOURS.toMillis(hours));
    }

    /**
     * When a {@code [x]} choice began, read in {@code zone} when written without one: a dateTime's or instant's value, a
     * period's start; otherwise null.
     */
    static Date start(Type value, ZoneId zone) {
        if (value instanceof BaseDateTimeType date) {
            return read(date, zone);
        }
        return value instanceof Period period ? read(period.getStartElement(), zone) : null;
    }

    /** The first date that is known; null when none is. */
    static Date firstKnown(Date first, Date second) {
        return first != null ? first : second;
    }

    /** When an observation was made ({@link #effectiveElement}), read in {@code zone} when written without one. */
    static Date effective(Observation observation, ZoneId zone) {
        return read(effectiveElement(observation), zone);
    }

    /**
     * The effective time as the record wrote it, whichever {@code effective[x]} choice holds it, of an observation
     * that has one ({@link #effective} is not null).
     */
    static String effectiveAsWritten(Observation observation) {
        return effectiveElement(observation).getValueAsString();
    }

    /**
     * The element that dates an observation: the dateTime or instant of {@code effective[x]}, the start of its period
     * (the end when the period is open at the start), else the time it was issued; null when none has a value.
     */
    private static BaseDateTimeType effectiveElement(Observation observation) {
        BaseDateTimeType written = null;
        if (observation.getEffective() instanceof BaseDateTimeType date) {
            written = date;
        } else if (observation.getEffective() instanceof Period period) {
            written = period.getStart() != null ? period.getStartElement() : period.getEndElement();
        }
        if (written != null && written.getValue() != null) {
            return written;
        }
        return observation.getIssued() != null ? observation.getIssuedElement() : null;
    }

    /** Whether {@code date} lies in the half-open window (from, to]. */
    static boolean within(Date date, Date from, Date to) {
        return date != null && date.after(from) && !date.after(to);
    }

    /**
     * The instant a date or dateTime names, a value written without a zone read in {@code zone} (HAPI reads it in the
     * JVM's zone, which is no business of the record); null for an element without a value.
     */
    static Date read(BaseDateTimeType element, ZoneId zone) {
        if (element == null || element.getValue() == null) {
            return null;
        }
        if (element.getTimeZone() != null || element.isTimeZoneZulu()) {
            return element.getValue();
        }
        LocalDateTime local = LocalDateTime.of(
                element.getYear(),
                element.getMonth() + 1,
                element.getDay(),
                element.getHour(),
                element.getMinute(),
                element.getSecond(),
                element.getMillis() * 1_000_000);
        return Date.from(local.atZone(zone).toInstant());
    }

    /**
     * The last instant a due date allows: a dateTime is due at that instant; a date (or a month, a year) is due until
     * the end of that day (month, year) in {@code zone}. Null for an element without a value.
     */
    static Date dueBy(BaseDateTimeType element, ZoneId zone) {
        Date start = read(element, zone);
        if (start == null) {
            return null;
        }
        TemporalPrecisionEnum precision = element.getPrecision();
        if (precision.ordinal() > TemporalPrecisionEnum.DAY.ordinal()) {
            return start;
        }
        LocalDateTime from = LocalDateTime.ofInstant(start.toInstant(), zone);
        LocalDateTime end = switch (precision) {
            case YEAR -> from.plusYears(1);
            case MONTH -> from.plusMonths(1);
            default -> from.plusDays(1);
        };
        return new Date(Date.from(end.atZone(zone).toInstant()).getTime() - 1);
    }
}
