package org.carerelay.fhir;

import java.math.BigDecimal;
import org.hl7.fhir.r4.model.Observation;

/** The number an Observation states, however it was sent. */
public final class ObservationValues {

    private ObservationValues() {}

    /**
     * The value of a {@code valueQuantity} or a {@code valueInteger} (EHRs send scores both ways); null for any other
     * choice, a data-absent-reason, or a value element without a value.
     */
    public static BigDecimal number(Observation observation) {
        if (observation.hasValueQuantity()) {
            return observation.getValueQuantity().getValue();
        }
        if (observation.hasValueIntegerType()) {
            Integer value = observation.getValueIntegerType().getValue();
            return value == null ? null : BigDecimal.valueOf(value);
        }
        return null;
    }
}
