package org.carerelay.metrics.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The metrics of {@code $coordination-metrics}. A metric's code is public API: the canonical of its Measure
 * ({@code https://carerelay.org/fhir/Measure/<code>}) and the code of its group in a report.
 */
public enum Metric {
    REFERRAL_LOOP_CLOSURE(
            "referral-loop-closure",
            Scoring.PROPORTION,
            "ServiceRequest",
            null,
            List.of("receiver"),
            "Referral loop-closure rate",
            "Referrals (ServiceRequests, active or completed) authored in the period",
            "Those closed by the end of the period: an Encounter, Procedure, DiagnosticReport or Observation based on"
                    + " the referral that took place, or a completed Task whose focus is the referral",
            "Referrals entered in error, revoked, draft or without a status"),
    REFERRAL_CLOSURE_DAYS(
            "referral-closure-days",
            Scoring.CONTINUOUS_VARIABLE,
            "ServiceRequest",
            "d",
            List.of("receiver"),
            "Median days to close a referral's loop",
            "Referrals of referral-loop-closure closed by the end of the period",
            "Calendar days (in the practice's time zone) from ServiceRequest.authoredOn to the first closing outcome;"
                    + " the score is the median",
            "As referral-loop-closure"),
    HANDOFF_ACKNOWLEDGEMENT_HOURS(
            "handoff-acknowledgement-hours",
            Scoring.CONTINUOUS_VARIABLE,
            "Task",
            "h",
            List.of("receiver"),
            "Median hours to acknowledge a handoff",
            "Handoff Tasks authored in the period that were acknowledged by the end of the period",
            "Hours from Task.authoredOn to the earliest Provenance of the Task whose activity is accepted, in-progress"
                    + " or completed; the score is the median",
            "Handoffs entered in error or still draft"),
    HANDOFFS_BY_STATUS(
            "handoffs-by-status",
            Scoring.COHORT,
            "Task",
            null,
            List.of("status", "receiver"),
            "Handoffs by status",
            "Handoff Tasks authored in the period, stratified by their current status",
            "The number of handoffs",
            "Handoffs entered in error"),
    DISCHARGE_FOLLOW_UP_DAYS(
            "discharge-follow-up-days",
            Scoring.CONTINUOUS_VARIABLE,
            "Encounter",
            "d",
            List.of(),
            "Median days from discharge to follow-up",
            "Finished inpatient stays (carerelay.metrics.inpatient-classes) that ended in the period and were followed"
                    + " by a follow-up encounter by the end of the period",
            "Calendar days from the end of the stay to the start of the first follow-up encounter"
                    + " (carerelay.metrics.follow-up-classes, one that took place); the score is the median",
            "Stays not finished, and patients who died during the stay"),
    DISCHARGE_FOLLOW_UP_RATE(
            "discharge-follow-up-rate",
            Scoring.PROPORTION,
            "Encounter",
            null,
            List.of(),
            "Follow-up within N days of discharge",
            "Finished inpatient stays that ended in the period",
            "Those followed by a follow-up encounter within carerelay.metrics.follow-up-days (default 7) calendar days",
            "As discharge-follow-up-days"),
    OPEN_CARE_GAPS(
            "open-care-gaps",
            Scoring.COHORT,
            "Patient",
            null,
            List.of("rule"),
            "Open care gaps by rule",
            "The open care gaps of the patients in scope at the end of the period (or today, if the period ends"
                    + " later), as Patient/$care-gaps reports them with every rule: one per gap, stratified by rule",
            "The number of open gaps; the drill-down lists the patients who have them",
            "As the care-gap rules: what a rule does not count as due, and records a rule cannot evaluate"),
    HBA1C_CONTROL(
            "hba1c-control",
            Scoring.PROPORTION,
            "Patient",
            null,
            List.of(),
            "HbA1c control (last value below 8 %)",
            "Patients with diabetes (the care gaps' diabetes concept, a diagnosis not refuted and not resolved before"
                    + " the period) on the day of their last HbA1c of the period, or at its end",
            "Those whose last HbA1c of the period (carerelay.metrics.hba1c-codes) is below"
                    + " carerelay.metrics.hba1c-control-below (8 %); a patient without one in the period is not controlled",
            "Diagnoses refuted or entered in error; results entered in error or without a value"),
    PHQ9_RESPONSE(
            "phq9-response",
            Scoring.PROPORTION,
            "Observation",
            null,
            List.of(),
            "PHQ-9 response at 6 months",
            "Each patient's first PHQ-9 total of registry.phq9-threshold (10) or more in the period: the index score",
            "Those whose last PHQ-9 total 6 months (carerelay.metrics.phq9-follow-up-months) plus or minus"
                    + " carerelay.metrics.phq9-window-days (60) days after the index fell by registry.response-drop-percent"
                    + " (50 %) or more",
            "Scores entered in error, cancelled or without a value"),
    PHQ9_REMISSION(
            "phq9-remission",
            Scoring.PROPORTION,
            "Observation",
            null,
            List.of(),
            "PHQ-9 remission at 6 months",
            "As phq9-response",
            "Those whose last PHQ-9 total in the same window is below registry.remission-below (5)",
            "As phq9-response"),
    READMISSION_30_DAY(
            "readmission-30-day",
            Scoring.PROPORTION,
            "Encounter",
            null,
            List.of(),
            "30-day all-cause readmission rate",
            "Finished inpatient stays that ended in the period, the patient alive at discharge",
            "Those followed by another inpatient stay of the patient starting within"
                    + " carerelay.metrics.readmission-days (30) calendar days after discharge",
            "Stays not finished, and patients who died during the stay"),
    EMERGENCY_VISITS(
            "emergency-visits",
            Scoring.RATIO,
            "Encounter",
            "/1000",
            List.of(),
            "Emergency visits per 1,000 patients",
            "The patients in scope (every patient on the server without a filter)",
            "Emergency encounters (carerelay.metrics.emergency-classes) that took place in the period; the score is"
                    + " visits per 1,000 patients",
            "Encounters planned, cancelled, entered in error or of unknown status"),
    MISSED_APPOINTMENTS(
            "missed-appointments",
            Scoring.PROPORTION,
            "Appointment",
            null,
            List.of(),
            "Missed appointments",
            "Appointments booked for the period: starting in it, with status booked, arrived, checked-in, fulfilled"
                    + " or noshow",
            "Those with status noshow",
            "Appointments proposed, pending, waitlisted, cancelled or entered in error"),
    AVERAGE_LENGTH_OF_STAY(
            "average-length-of-stay",
            Scoring.CONTINUOUS_VARIABLE,
            "Encounter",
            "d",
            List.of(),
            "Average length of stay",
            "Finished inpatient stays that ended in the period",
            "Calendar days from admission to discharge, a stay ending the day it began counting one; the score is"
                    + " the mean",
            "Stays not finished"),
    COST_PER_PATIENT(
            "cost-per-patient",
            Scoring.CONTINUOUS_VARIABLE,
            "Patient",
            Metric.CURRENCY,
            List.of(),
            "Cost per patient",
            "Patients with a claim or explanation of benefit created in the period",
            "Per patient, the submitted amounts of the period: ExplanationOfBenefit.total (category submitted) and"
                    + " Claim.total of claims no ExplanationOfBenefit answers, in carerelay.metrics.currency; the"
                    + " score is the mean",
            "Claims and explanations of benefit cancelled, draft or entered in error, and amounts in another currency");

    /** The unit of a score in money: the report gives it as the ISO 4217 code of carerelay.metrics.currency. */
    public static final String CURRENCY = "currency";

    /** How a metric is scored, as FHIR's measure-scoring codes. */
    public enum Scoring {
        PROPORTION("proportion"),
        RATIO("ratio"),
        CONTINUOUS_VARIABLE("continuous-variable"),
        COHORT("cohort");

        private final String code;

        Scoring(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final String code;
    private final Scoring scoring;
    private final String basis;
    private final String unit;
    private final List<String> strata;
    private final String title;
    private final String population;
    private final String measured;
    private final String exclusions;

    Metric(
            String code,
            Scoring scoring,
            String basis,
            String unit,
            List<String> strata,
            String title,
            String population,
            String measured,
            String exclusions) {
        this.code = code;
        this.scoring = scoring;
        this.basis = basis;
        this.unit = unit;
        this.strata = strata;
        this.title = title;
        this.population = population;
        this.measured = measured;
        this.exclusions = exclusions;
    }

    /** How a continuous variable's observations make its score. */
    public enum Aggregate {
        /** The median: the times to act, skewed by a few long waits. */
        MEDIAN,
        /** The mean: an average length of stay. */
        MEAN,
        /** The sum over the resources counted, divided by their number: a cost per patient from many claims. */
        TOTAL_PER_RESOURCE
    }

    public Aggregate aggregate() {
        return switch (this) {
            case AVERAGE_LENGTH_OF_STAY -> Aggregate.MEAN;
            case COST_PER_PATIENT -> Aggregate.TOTAL_PER_RESOURCE;
            default -> Aggregate.MEDIAN;
        };
    }

    public static Optional<Metric> byCode(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }

    public String code() {
        return code;
    }

    public Scoring scoring() {
        return scoring;
    }

    /** The resource type counted (FHIR's population basis). */
    public String basis() {
        return basis;
    }

    /**
     * UCUM unit of a continuous score ({@value #CURRENCY} for an amount of money, "/1000" for a rate per 1,000);
     * null for a proportion or a count.
     */
    public String unit() {
        return unit;
    }

    /** Stratifiers beyond the interval, as keys of {@link Counted#strata()}. */
    public List<String> strata() {
        return strata;
    }

    public String title() {
        return title;
    }

    /** The denominator (proportion), the measure population (continuous variable) or the cohort. */
    public String population() {
        return population;
    }

    /** The numerator (proportion) or the measure observation (continuous variable). */
    public String measured() {
        return measured;
    }

    public String exclusions() {
        return exclusions;
    }
}
