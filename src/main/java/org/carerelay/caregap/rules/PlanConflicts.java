package org.carerelay.caregap.rules;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * The port through which G11 ({@code conflicting-plans}) asks the plan-conflict feature what conflicts a record's
 * plans hold: that feature owns the knowledge and the rules ({@code $plan-conflicts}), care gaps only count a patient
 * with conflicts as one open gap. Pure, like the other rules: a record in, conflicts out.
 */
public interface PlanConflicts {

    /**
     * One conflict between two sides of the record.
     *
     * @param code the plan-conflict rule and the knowledge entry that fired ({@code drug-drug/ddi-statin-cyp3a4})
     * @param severity {@code high}, {@code moderate} or {@code low}
     * @param detail the finding in words, as its DetectedIssue in {@code $plan-conflicts} says it
     */
    record Conflict(String code, String severity, Side first, Side second, String detail) {}

    /** A side of a conflict: the resource implicated, and the side in words (what, by whom, in which plan). */
    record Side(Resource resource, String described) {}

    /**
     * The observations the conflict rules read beyond what the other rules load ({@code system|code}: eGFR results),
     * which a loader adds to {@link PatientRecord#observations()} when {@link RecordPart#PLAN_OBSERVATIONS} is read.
     */
    List<String> observationCodes();

    /**
     * The values ({@code system|code}) of the observations the conflict rules read whatever their code (NYHA classes),
     * which a loader adds to {@link PatientRecord#observations()} when {@link RecordPart#PLAN_OBSERVATIONS} is read.
     */
    List<String> observationValues();

    /**
     * How many days before the day a hospital stay can still be a recent decompensation (0: the rules read none), and
     * the encounter classes ({@code system|code}) of such a stay, which a loader adds to
     * {@link PatientRecord#encounters()} when {@link RecordPart#PLAN_STAYS} is read.
     */
    int stayDays();

    List<String> stayClasses();

    /** The conflicts in the record's plans at the end of the {@code asOf} day. */
    List<Conflict> in(PatientRecord record, AsOf asOf);
}
