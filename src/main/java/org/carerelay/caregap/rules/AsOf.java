package org.carerelay.caregap.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;

/**
 * When a record is judged: a calendar day in the practice's time zone. Anything dated that day counts
 * ({@link #endOfDay}); elapsed time (hours since a handoff, a due dateTime) is measured to the evaluation
 * {@link #instant}, which is now when the day is today and the end of the day otherwise, so that an hour rule does not
 * fire hours early on today's report. Dates and times written without a zone are read in {@link #zone}.
 */
public record AsOf(Date endOfDay, Date instant, ZoneId zone) {

    public static AsOf day(LocalDate day, ZoneId zone, Instant now) {
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
        Instant at = LocalDate.ofInstant(now, zone).equals(day) ? now : end;
        return new AsOf(Date.from(end), Date.from(at), zone);
    }

    /** An instant taken as both the end of the day and the evaluation instant, in UTC. */
    public static AsOf at(Date instant) {
        return new AsOf(instant, instant, ZoneOffset.UTC);
    }
}
