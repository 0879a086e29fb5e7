package org.carerelay.caregap.rules;

import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * What the care-gap rules see of one patient. Of the observations they read only PHQ-9 totals and HbA1c results
 * ({@link #OBSERVATION_CODES}), those based on a referral, and for G11 the eGFR results and NYHA classes of a patient on
 * a drug ({@link PlanConflicts}); of the encounters only those within the look-back window and those based on a
 * referral; of procedures and reports only those based on a referral; medication orders, statements and goals only for
 * G11. A loader may leave the rest out, and it may leave out whole parts the selected rules do not read
 * ({@link RecordPart}).
 */
public record PatientRecord(
        Patient patient,
        List<Condition> conditions,
        List<ServiceRequest> serviceRequests,
        List<Task> tasks,
        List<CarePlan> carePlans,
        List<CareTeam> careTeams,
        List<Encounter> encounters,
        List<Observation> observations,
        List<Procedure> procedures,
        List<DiagnosticReport> reports,
        List<MedicationRequest> medicationRequests,
        List<MedicationStatement> medicationStatements,
        List<Goal> goals) {

    /** A record without medications and goals (the rules other than G11 read none). */
    public PatientRecord(
            Patient patient,
            List<Condition> conditions,
            List<ServiceRequest> serviceRequests,
            List<Task> tasks,
            List<CarePlan> carePlans,
            List<CareTeam> careTeams,
            List<Encounter> encounters,
            List<Observation> observations,
            List<Procedure> procedures,
            List<DiagnosticReport> reports) {
        this(
                patient,
                conditions,
                serviceRequests,
                tasks,
                carePlans,
                careTeams,
                encounters,
                observations,
                procedures,
                reports,
                List.of(),
                List.of(),
                List.of());
    }

    /** The LOINC system and the codes of the observations the rules read. */
    public static final String LOINC = Codes.LOINC;

    public static final String PHQ9_CODE = ChronicCareGaps.PHQ9_TOTAL;

    public static final List<String> HBA1C_CODES = List.of(ChronicCareGaps.HBA1C);

    /** Every observation code the rules read. */
    public static final List<String> OBSERVATION_CODES = List.of(PHQ9_CODE, HBA1C_CODES.get(0), HBA1C_CODES.get(1));

    /**
     * The record without what is dated after the end of the {@code asOf} day: a resource is dated by its first readable
     * date (a condition by its onset, else the day it was recorded), read in the practice's zone when written without
     * one; one with none counts. (Which version of each resource stood on that day is the loader's business.)
     */
    public PatientRecord asOf(AsOf asOf) {
        ZoneId zone = asOf.zone();
        Date end = asOf.endOfDay();
        return new PatientRecord(
                patient,
                until(
                        conditions,
                        end,
                        c -> Dates.firstKnown(
                                Dates.start(c.getOnset(), zone), Dates.read(c.getRecordedDateElement(), zone))),
                until(serviceRequests, end, r -> Dates.read(r.getAuthoredOnElement(), zone)),
                until(tasks, end, t -> Dates.read(t.getAuthoredOnElement(), zone)),
                until(
                        carePlans,
                        end,
                        p -> Dates.firstKnown(
                                Dates.read(p.getCreatedElement(), zone), Dates.start(p.getPeriod(), zone))),
                careTeams,
                until(encounters, end, e -> Dates.start(e.getPeriod(), zone)),
                until(observations, end, o -> Dates.effective(o, zone)),
                until(procedures, end, p -> Dates.start(p.getPerformed(), zone)),
                until(reports, end, r -> Dates.firstKnown(Dates.start(r.getEffective(), zone), r.getIssued())),
                until(medicationRequests, end, r -> Dates.read(r.getAuthoredOnElement(), zone)),
                until(
                        medicationStatements,
                        end,
                        m -> Dates.firstKnown(
                                Dates.start(m.getEffective(), zone), Dates.read(m.getDateAssertedElement(), zone))),
                until(
                        goals,
                        end,
                        g -> Dates.firstKnown(
                                Dates.start(g.getStart(), zone), Dates.read(g.getStatusDateElement(), zone))));
    }

    private static <T> List<T> until(List<T> resources, Date asOf, Function<T, Date> date) {
        return resources.stream()
                .filter(r -> {
                    Date when = date.apply(r);
                    return when == null || !when.after(asOf);
                })
                .toList();
    }
}
