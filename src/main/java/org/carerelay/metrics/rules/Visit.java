package org.carerelay.metrics.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.carerelay.caregap.rules.RecordStatus;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.Encounter;

/**
 * What an Encounter contributes to the discharge, readmission, emergency and length-of-stay metrics, read once from
 * it ({@link Visit#of}): its class code, whether it finished and whether its status says it took place
 * ({@code closes}), when it started and ended (instant and day in the practice's zone, null when not stated) and
 * whether the patient died during it.
 */
public record Visit(
        String key,
        String patient,
        String classCode,
        boolean finished,
        boolean tookPlace,
        Instant start,
        LocalDate startDay,
        Instant end,
        LocalDate endDay,
        boolean died) {

    /** The Encounter as the metrics read it; dates are read in the period's zone. */
    public static Visit of(Encounter encounter, Period period, LocalServer server) {
        return new Visit(
                "Encounter/" + encounter.getIdElement().getIdPart(),
                server.key(encounter.getSubject()),
                encounter.getClass_().getCode(),
                encounter.getStatus() == Encounter.EncounterStatus.FINISHED,
                RecordStatus.of(encounter).closes(),
                period.instant(encounter.getPeriod().getStartElement()),
                period.day(encounter.getPeriod().getStartElement()),
                period.instant(encounter.getPeriod().getEndElement()),
                period.day(encounter.getPeriod().getEndElement()),
                CoordinationMetrics.diedDuringStay(encounter));
    }

    boolean inClass(List<String> classes) {
        return classCode != null && classes.contains(classCode);
    }
}
