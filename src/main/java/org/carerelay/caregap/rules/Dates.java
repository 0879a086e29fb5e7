package org.carerelay.caregap.rules;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Observation;

/** Date arithmetic the rules share. */
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

    static Date effective(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return observation.getEffectiveDateTimeType().getValue();
        }
        if (observation.hasEffectivePeriod()) {
            return observation.getEffectivePeriod().getStart();
        }
        if (observation.hasEffectiveInstantType()) {
            return observation.getEffectiveInstantType().getValue();
        }
        return observation.getIssued();
    }

    /** The effective time as the record wrote it, whichever {@code effective[x]} choice holds it. */
    static String effectiveAsWritten(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return observation.getEffectiveDateTimeType().getValueAsString();
        }
        if (observation.hasEffectivePeriod()) {
            return observation.getEffectivePeriod().getStartElement().getValueAsString();
        }
        if (observation.hasEffectiveInstantType()) {
            return observation.getEffectiveInstantType().getValueAsString();
        }
        return observation.getIssuedElement().getValueAsString();
    }

    /** Whether {@code date} lies in the half-open window (from, to]. */
    static boolean within(Date date, Date from, Date to) {
        return date != null && date.after(from) && !date.after(to);
    }
}
