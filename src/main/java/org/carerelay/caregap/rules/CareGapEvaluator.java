package org.carerelay.caregap.rules;

import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Patient;

/** Evaluates the care-gap rules over one patient's record as of a date. Pure: no server, no database. */
public final class CareGapEvaluator {

    private interface Rule {
        List<Gap> evaluate(PatientRecord record, AsOf asOf, GapSettings settings);
    }

    private static final Map<CareGapRule, Rule> RULES = new EnumMap<>(CareGapRule.class);

    static {
        RULES.put(CareGapRule.REFERRAL_OPEN, ReferralGaps::referralOpen);
        RULES.put(CareGapRule.HANDOFF_UNACKNOWLEDGED, ReferralGaps::handoffUnacknowledged);
        RULES.put(CareGapRule.TASK_OVERDUE, ReferralGaps::taskOverdue);
        RULES.put(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE, CarePlanGaps::activityOverdue);
        RULES.put(CareGapRule.CAREPLAN_REVIEW_OVERDUE, CarePlanGaps::reviewOverdue);
        RULES.put(CareGapRule.NO_CARE_COORDINATOR, ChronicCareGaps::noCareCoordinator);
        RULES.put(CareGapRule.FRAGMENTED_CARE_PLANS, CarePlanGaps::fragmented);
        RULES.put(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING, ChronicCareGaps::depressionFollowUp);
        RULES.put(CareGapRule.HBA1C_OVERDUE, ChronicCareGaps::hba1cOverdue);
        RULES.put(CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING, TransitionGaps::postDischargeFollowUp);
    }

    private final GapSettings settings;
    private final PlanConflicts conflicts;

    /** @param conflicts what G11 asks about a record's plans: the plan-conflict feature's rules */
    public CareGapEvaluator(GapSettings settings, PlanConflicts conflicts) {
        this.settings = settings;
        this.conflicts = conflicts;
    }

    /**
     * The open gaps of a patient as of {@code asOf}, for the given rules. Deceased and inactive patients have none: a
     * gap is something someone can still close.
     */
    public List<Gap> evaluate(PatientRecord record, Date asOf, Set<CareGapRule> rules) {
        return evaluate(record, AsOf.at(asOf), rules);
    }

    public List<Gap> evaluate(PatientRecord record, AsOf asOf, Set<CareGapRule> rules) {
        if (!canStillBeHelped(record, asOf)) {
            return List.of();
        }
        PatientRecord asItWas = record.asOf(asOf);
        List<Gap> gaps = new ArrayList<>();
        for (Map.Entry<CareGapRule, Rule> rule : RULES.entrySet()) {
            if (rules.contains(rule.getKey())) {
                gaps.addAll(rule.getValue().evaluate(asItWas, asOf, settings));
            }
        }
        if (rules.contains(CareGapRule.CONFLICTING_PLANS)) {
            gaps.addAll(ConflictGaps.conflictingPlans(asItWas, asOf, conflicts));
        }
        return gaps;
    }

    private static boolean canStillBeHelped(PatientRecord record, AsOf asOf) {
        Patient patient = record.patient();
        // Only a stated false retires a patient: an active flag without a value (a data-absent-reason) says nothing.
        if (patient.hasActiveElement()
                && Boolean.FALSE.equals(patient.getActiveElement().getValue())) {
            return false;
        }
        if (patient.getDeceased() instanceof BooleanType deceased) {
            return !Boolean.TRUE.equals(deceased.getValue());
        }
        // A death date without a value (only a data-absent-reason, say) does not say the patient died on or before
        // asOf, so the patient is not known to be dead and keeps their gaps: hiding a living patient's gaps is the
        // worse mistake, and a record that knows of a death without its date says so with deceasedBoolean.
        if (patient.getDeceased() instanceof DateTimeType died && died.getValue() != null) {
            return Dates.read(died, asOf.zone()).after(asOf.endOfDay());
        }
        return true;
    }
}
