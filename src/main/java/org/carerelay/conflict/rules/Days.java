package org.carerelay.conflict.rules;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Type;

/**
 * The calendar day a record is judged as of. A resource dated after that day does not count yet; one without a
 * readable date counts. Dates written without a zone are read in the practice's zone.
 */
public record Days(LocalDate day, ZoneId zone) {

    /** The day a date or dateTime names in the practice's zone; null for none or one without a value. */
    LocalDate dayOf(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            int month = value.getMonth() == null ? 0 : value.getMonth();
            int date = value.getDay() == null ? 1 : value.getDay();
            return LocalDate.of(
                    value.getYear(), month + 1, value.getPrecision() == TemporalPrecisionEnum.YEAR ? 1 : date);
        }
        return value.getValue().toInstant().atZone(zone).toLocalDate();
    }

    /** Whether something first dated {@code value} (a dateTime, a Period's start, else nothing) is after the day. */
    boolean after(Type value) {
        LocalDate start = null;
        if (value instanceof BaseDateTimeType date) {
            start = dayOf(date);
        } else if (value instanceof Period period) {
            start = dayOf(period.getStartElement());
        }
        return start != null && start.isAfter(day);
    }

    /** Whole years from a birth date to the day; null when the birth date is unknown. */
    Integer age(BaseDateTimeType birthDate) {
        LocalDate born = dayOf(birthDate);
        return born == null ? null : java.time.Period.between(born, day).getYears();
    }
}
