package org.carerelay.registry.rules;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Reference;

/**
 * One patient's line on the registry. Scores and dates are null when the record has none (a depression diagnosis
 * without any PHQ-9); so are the care manager and consultant when no active CareTeam names one.
 */
public record RegistryEntry(
        String patient,
        RegistryStatus status,
        Integer baseline,
        LocalDate baselineDate,
        Integer latest,
        LocalDate latestDate,
        Integer weeksInCare,
        LocalDate lastContact,
        LocalDate nextContactDue,
        Reference careManager,
        Reference psychiatricConsultant) {

    /** Latest minus baseline; null without both. */
    public Integer change() {
        return baseline == null || latest == null ? null : latest - baseline;
    }
}
