package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.hl7.fhir.r4.model.DateType;
import org.junit.jupiter.api.Test;

class GapQueryTest {

    private static final Instant LATE_EVENING_AT_MINUS_FIVE = Instant.parse("2026-07-01T04:30:00Z");

    @Test
    void defaultAsOfIsTodayInThePracticeZone() {
        GapQuery query = GapQuery.of(null, null, null, null, ZoneId.of("-05:00"), LATE_EVENING_AT_MINUS_FIVE);
        assertThat(query.day()).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(query.asOf().instant().toInstant()).isEqualTo(LATE_EVENING_AT_MINUS_FIVE);
        assertThat(query.asOf().endOfDay().toInstant()).isEqualTo(Instant.parse("2026-07-01T04:59:59.999Z"));
    }

    @Test
    void defaultAsOfInUtcIsAlreadyTheNextDay() {
        GapQuery query = GapQuery.of(null, null, null, null, ZoneOffset.UTC, LATE_EVENING_AT_MINUS_FIVE);
        assertThat(query.day()).isEqualTo(LocalDate.of(2026, 7, 1));
    }

    @Test
    void givenDayIsACalendarDayInThePracticeZoneJudgedAtItsEnd() {
        GapQuery query = GapQuery.of(
                new DateType("2026-06-15"), null, null, null, ZoneId.of("-05:00"), LATE_EVENING_AT_MINUS_FIVE);
        assertThat(query.day()).isEqualTo(LocalDate.of(2026, 6, 15));
        assertThat(query.asOf().instant()).isEqualTo(query.asOf().endOfDay());
        assertThat(query.asOf().endOfDay().toInstant()).isEqualTo(Instant.parse("2026-06-16T04:59:59.999Z"));
    }
}
