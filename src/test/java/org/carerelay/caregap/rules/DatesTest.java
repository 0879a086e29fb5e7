package org.carerelay.caregap.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.api.Test;

/** Reading dates in the practice's zone (UTC−05:00 here), whatever the JVM's zone. */
class DatesTest {

    private static final ZoneId PRACTICE = ZoneId.of("-05:00");

    @Test
    void aTimeWithoutZoneIsReadInThePracticeZoneToTheMillisecond() {
        assertThat(Dates.read(new DateTimeType("2026-06-28T01:00:00.250"), PRACTICE)
                        .toInstant())
                .isEqualTo(Instant.parse("2026-06-28T06:00:00.250Z"));
        assertThat(Dates.read(new DateTimeType("2026-06-28"), PRACTICE).toInstant())
                .isEqualTo(Instant.parse("2026-06-28T05:00:00Z"));
    }

    @Test
    void aTimeWithAZoneKeepsIt() {
        assertThat(Dates.read(new DateTimeType("2026-06-28T01:00:00+02:00"), PRACTICE)
                        .toInstant())
                .isEqualTo(Instant.parse("2026-06-27T23:00:00Z"));
        assertThat(Dates.read(new InstantType("2026-06-28T01:00:00.5Z"), PRACTICE)
                        .toInstant())
                .isEqualTo(Instant.parse("2026-06-28T01:00:00.500Z"));
    }

    @Test
    void noValueIsNoDate() {
        assertThat(Dates.read(new DateTimeType(), PRACTICE)).isNull();
        assertThat(Dates.read(null, PRACTICE)).isNull();
        assertThat(Dates.dueBy(new DateTimeType(), PRACTICE)).isNull();
        assertThat(Dates.dueBy(null, PRACTICE)).isNull();
    }

    @Test
    void aDueDateLastsToTheEndOfItsDayMonthOrYear() {
        assertThat(Dates.dueBy(new DateTimeType("2026-06-30"), PRACTICE).toInstant())
                .isEqualTo(Instant.parse("2026-07-01T04:59:59.999Z"));
        assertThat(Dates.dueBy(new DateTimeType("2026-06"), PRACTICE).toInstant())
                .isEqualTo(Instant.parse("2026-07-01T04:59:59.999Z"));
        assertThat(Dates.dueBy(new DateTimeType("2026"), PRACTICE).toInstant())
                .isEqualTo(Instant.parse("2027-01-01T04:59:59.999Z"));
        assertThat(Dates.dueBy(new DateTimeType("2026-06-30T10:00:00"), PRACTICE)
                        .toInstant())
                .isEqualTo(Instant.parse("2026-06-30T15:00:00Z"));
    }
}
