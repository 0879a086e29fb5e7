package org.carerelay.metrics.rules;

import java.time.LocalDate;

/**
 * A booked appointment of the period, read once from its Appointment ({@link OperationsMetrics#booking}): its patient,
 * the day it started and whether the patient did not come.
 */
public record Booking(String key, String patient, LocalDate day, boolean noShow) {}
