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
            "As discharge-follow-up-days");

    /** How a metric is scored, as FHIR's measure-scoring codes. */
    public enum Scoring {
        PROPORTION("proportion"),
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

    /** UCUM unit of a continuous score; null for a proportion or a count. */
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
