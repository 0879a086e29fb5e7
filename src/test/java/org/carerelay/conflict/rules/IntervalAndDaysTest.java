package org.carerelay.conflict.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A goal's target interval (ends follow the comparator) and the day a record is judged on. */
class IntervalAndDaysTest {

    @Nested
    class Intervals {

        @ParameterizedTest(name = "{0} {1} is {2}")
        @CsvSource({"'<', 7, < 7", "'<=', 7, <= 7", "'>', 7, > 7", "'>=', 7, >= 7"})
        void aComparatorMakesAHalfOpenOrHalfClosedInterval(String comparator, double value, String shown) {
            assertThat(Interval.of(comparator, value)).hasToString(shown);
        }

        @Test
        void noComparatorIsTheValueItselfAndSufficientToAchieveIsNoNumber() {
            assertThat(Interval.of(null, 7)).isEqualTo(new Interval(7.0, false, 7.0, false));
            assertThat(Interval.of(null, 7)).hasToString("7");
            assertThat(Interval.of("ad", 7)).isNull();
            assertThat(Interval.of("<", 7)).isEqualTo(new Interval(null, false, 7.0, true));
            assertThat(Interval.of(">", 7)).isEqualTo(new Interval(7.0, true, null, false));
        }

        @Test
        void anEndOpenOnEitherSideMeetsNothingAtThatEnd() {
            Interval sevenToEight = new Interval(7.0, false, 8.0, false);
            assertOverlap(Interval.of("<", 7), sevenToEight, false);
            assertOverlap(Interval.of("<=", 7), sevenToEight, true);
            assertOverlap(Interval.of(">", 8), sevenToEight, false);
            assertOverlap(Interval.of(">=", 8), sevenToEight, true);
            assertOverlap(Interval.of("<", 7.01), sevenToEight, true);
            assertOverlap(Interval.of(">", 7.99), sevenToEight, true);
            assertOverlap(Interval.of("<", 6.99), sevenToEight, false);
            assertOverlap(new Interval(6.0, false, 7.0, true), new Interval(7.0, true, 8.0, false), false);
            assertOverlap(new Interval(6.0, false, 7.0, false), new Interval(7.0, false, 8.0, false), true);
            assertOverlap(Interval.of(null, 7), Interval.of(null, 7), true);
            assertOverlap(Interval.of(null, 7), Interval.of(null, 7.5), false);
            assertOverlap(Interval.of("<", 7), Interval.of("<", 5), true);
            assertOverlap(Interval.of(">", 7), Interval.of(">", 9), true);
        }

        private void assertOverlap(Interval a, Interval b, boolean overlap) {
            assertThat(a.overlaps(b)).as("%s with %s", a, b).isEqualTo(overlap);
            assertThat(b.overlaps(a)).as("%s with %s", b, a).isEqualTo(overlap);
        }

        @Test
        void numbersAreShownToTwoPlacesRoundedHalfUpWithoutTrailingZeros() {
            assertThat(new Interval(6.545, false, 8.0, false)).hasToString("6.55-8");
            assertThat(new Interval(6.5, false, 8.10, false)).hasToString("6.5-8.1");
            assertThat(new Interval(null, false, 6.544, true)).hasToString("< 6.54");
            assertThat(new Interval(null, false, 6.5, false)).hasToString("<= 6.5");
            assertThat(new Interval(7.0, false, null, false)).hasToString(">= 7");
            assertThat(new Interval(7.0, true, null, false)).hasToString("> 7");
        }
    }

    @Nested
    class DaysJudged {

        final Days june30 = new Days(LocalDate.of(2026, 6, 30), ZoneOffset.UTC);

        @Test
        void aDateOfAnyPrecisionIsItsFirstDay() {
            assertThat(june30.dayOf(new DateType("2026"))).isEqualTo(LocalDate.of(2026, 1, 1));
            assertThat(june30.dayOf(new DateType("2026-03"))).isEqualTo(LocalDate.of(2026, 3, 1));
            assertThat(june30.dayOf(new DateType("2026-03-05"))).isEqualTo(LocalDate.of(2026, 3, 5));
            assertThat(june30.dayOf(new DateTimeType("2026-12-31"))).isEqualTo(LocalDate.of(2026, 12, 31));
        }

        @Test
        void aTimeIsReadInThePracticesZone() {
            DateTimeType lateInNewYork = new DateTimeType("2026-03-05T23:30:00-05:00");
            assertThat(june30.dayOf(lateInNewYork)).isEqualTo(LocalDate.of(2026, 3, 6));
            assertThat(new Days(june30.day(), ZoneId.of("America/New_York")).dayOf(lateInNewYork))
                    .isEqualTo(LocalDate.of(2026, 3, 5));
        }

        @Test
        void noDateIsNoDay() {
            assertThat(june30.dayOf(null)).isNull();
            assertThat(june30.dayOf(new DateTimeType())).isNull();
        }

        @Test
        void onlyWhatIsDatedAfterTheDayIsAfterIt() {
            assertThat(june30.after(new DateTimeType("2026-07-01"))).isTrue();
            assertThat(june30.after(new DateTimeType("2026-06-30T23:59:00Z"))).isFalse();
            assertThat(june30.after(new DateTimeType("2026-06-29"))).isFalse();
            assertThat(june30.after(new Period().setStartElement(new DateTimeType("2026-07-01"))))
                    .isTrue();
            assertThat(june30.after(new Period().setStartElement(new DateTimeType("2026-06-30"))))
                    .isFalse();
            // a period is judged by its start: one that ends later has still begun
            assertThat(june30.after(new Period().setEndElement(new DateTimeType("2026-07-01"))))
                    .isFalse();
            assertThat(june30.after(new StringType("2026-07-01"))).isFalse();
            assertThat(june30.after(null)).isFalse();
        }

        @Test
        void anAgeIsInWholeYearsFromTheBirthday() {
            assertThat(june30.age(new DateType("1961-06-30"))).isEqualTo(65);
            assertThat(june30.age(new DateType("1961-07-01"))).isEqualTo(64);
            assertThat(june30.age(new DateType())).isNull();
        }
    }
}
