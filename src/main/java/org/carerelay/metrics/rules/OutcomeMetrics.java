package org.carerelay.metrics.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carerelay.caregap.rules.RecordStatus;
import org.carerelay.fhir.CodeLists;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.ObservationValues;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;

/**
 * The Outcomes family: HbA1c control, PHQ-9 response and remission at six months, 30-day readmissions and emergency
 * visits per 1,000 patients. Pure, like {@link CoordinationMetrics}: resources in, counted items out, statuses read
 * through the care gaps' one table.
 */
public final class OutcomeMetrics {

    public static final String LOINC = "http://loinc.org";
    public static final List<String> HBA1C = List.of("4548-4", "17856-6");
    public static final String PHQ9_TOTAL = "44261-6";
    private static final Set<String> NOT_CURRENT = Set.of("inactive", "resolved", "remission");

    private final MetricSettings settings;
    private final LocalServer server;

    public OutcomeMetrics(MetricSettings settings, LocalServer server) {
        this.settings = settings;
        this.server = server;
    }

    /**
     * {@link Metric#HBA1C_CONTROL}: the patients with diabetes during the period ({@code conditions} may hold other
     * diagnoses: only the diabetes concept's count), scored on their last HbA1c of the period.
     */
    public List<Counted> hba1cControl(List<Condition> conditions, List<Observation> results, Period period) {
        Set<String> diabetic = new HashSet<>();
        for (Condition condition : conditions) {
            String patient = diabetic(condition, period);
            if (patient != null) {
                diabetic.add(patient);
            }
        }
        return hba1cControlOf(diabetic, results(results, period), period);
    }

    /**
     * The patient with diabetes by this Condition during the period: coded with the diabetes concept, verified,
     * diagnosed by the end of the period and not resolved before it began; null otherwise.
     */
    public String diabetic(Condition condition, Period period) {
        String patient = server.key(condition.getSubject());
        if (patient != null
                && CodeLists.matches(condition.getCode(), settings.diabetesCodes())
                && RecordStatus.verified(condition)
                && diagnosedBy(condition, period)
                && !resolvedBefore(condition, period)) {
            return patient;
        }
        return null;
    }

    /** {@link Metric#HBA1C_CONTROL} of these patients with diabetes and these results (others are ignored). */
    public List<Counted> hba1cControlOf(Set<String> diabetic, List<Result> results, Period period) {
        Map<String, Result> last = new HashMap<>();
        for (Result result : coded(results, HBA1C)) {
            if (period.contains(result.day())) {
                last.merge(result.patient(), result, (a, b) -> b.at().isAfter(a.at()) ? b : a);
            }
        }
        List<Counted> items = new ArrayList<>();
        for (String patient : diabetic.stream().sorted().toList()) {
            Result result = last.get(patient);
            boolean controlled = result != null && result.value().compareTo(settings.hba1cControlBelow()) < 0;
            LocalDate day = result == null ? period.end() : result.day();
            items.add(new Counted(patient, patient, day, controlled, null, Map.of()));
        }
        return items;
    }

    /**
     * {@link Metric#PHQ9_RESPONSE} and {@link Metric#PHQ9_REMISSION}: each patient's first PHQ-9 total of the threshold
     * or more in the period is the index; the last total in the window around the follow-up month decides. {@code
     * scores} must reach the end of the last window (the period's end, plus the follow-up months and the window).
     */
    public Map<Metric, List<Counted>> phq9(List<Observation> scores, Period period) {
        return phq9Of(results(scores, period), period);
    }

    /** {@link #phq9} of these results (others than PHQ-9 totals are ignored). */
    public Map<Metric, List<Counted>> phq9Of(List<Result> scores, Period period) {
        Map<String, List<Result>> byPatient = new LinkedHashMap<>();
        for (Result result : coded(scores, List.of(PHQ9_TOTAL))) {
            byPatient.computeIfAbsent(result.patient(), k -> new ArrayList<>()).add(result);
        }
        List<Counted> response = new ArrayList<>();
        List<Counted> remission = new ArrayList<>();
        MetricSettings.Phq9 phq9 = settings.phq9();
        for (Map.Entry<String, List<Result>> entry : byPatient.entrySet()) {
            List<Result> ordered = entry.getValue().stream()
                    .sorted(Comparator.comparing(Result::at))
                    .toList();
            Result index = ordered.stream()
                    .filter(r -> period.contains(r.day()) && r.value().intValue() >= phq9.threshold())
                    .findFirst()
                    .orElse(null);
            if (index == null) {
                continue;
            }
            LocalDate due = index.day().plusMonths(settings.phq9FollowUpMonths());
            LocalDate from = due.minusDays(settings.phq9WindowDays());
            LocalDate to = due.plusDays(settings.phq9WindowDays());
            Result followUp = ordered.stream()
                    .filter(r -> r.at().isAfter(index.at())
                            && !r.day().isBefore(from)
                            && !r.day().isAfter(to))
                    .reduce((a, b) -> b)
                    .orElse(null);
            int baseline = index.value().intValue();
            boolean responded = followUp != null
                    && (baseline - followUp.value().intValue()) * 100 >= phq9.responseDropPercent() * baseline;
            boolean remitted = followUp != null && followUp.value().intValue() < phq9.remissionBelow();
            response.add(new Counted(index.key(), entry.getKey(), index.day(), responded, null, Map.of()));
            remission.add(new Counted(index.key(), entry.getKey(), index.day(), remitted, null, Map.of()));
        }
        return Map.of(Metric.PHQ9_RESPONSE, response, Metric.PHQ9_REMISSION, remission);
    }

    /**
     * {@link Metric#READMISSION_30_DAY}: the finished inpatient stays that ended in the period, the patient alive, and
     * whether another inpatient stay of theirs began within the readmission days. {@code stays} must reach that far
     * past the period.
     */
    public List<Counted> readmissions(List<Encounter> stays, Period period) {
        return readmissionsOf(visits(stays, period), period);
    }

    /** {@link #readmissions} of the encounters read as visits. */
    public List<Counted> readmissionsOf(List<Visit> stays, Period period) {
        Map<String, List<Instant>> admissions = new HashMap<>();
        for (Visit stay : stays) {
            if (stay.inClass(settings.inpatientClasses()) && stay.tookPlace() && stay.start() != null) {
                admissions
                        .computeIfAbsent(stay.patient(), k -> new ArrayList<>())
                        .add(stay.start());
            }
        }
        List<Counted> items = new ArrayList<>();
        for (Visit stay : stays) {
            LocalDate discharged = stay.endDay();
            Instant left = stay.end();
            if (!stay.inClass(settings.inpatientClasses())
                    || !stay.finished()
                    || !period.contains(discharged)
                    || stay.died()) {
                continue;
            }
            boolean readmitted = admissions.getOrDefault(stay.patient(), List.of()).stream()
                    .anyMatch(start -> start.isAfter(left)
                            && ChronoUnit.DAYS.between(discharged, LocalDate.ofInstant(start, period.zone()))
                                    <= settings.readmissionDays());
            items.add(new Counted(stay.key(), stay.patient(), discharged, readmitted, null, Map.of()));
        }
        return items;
    }

    /**
     * {@link Metric#EMERGENCY_VISITS}: the patients in scope (the ratio's denominator) and the emergency encounters of
     * the period that took place (its numerator).
     */
    public List<Counted> emergencyVisits(List<String> patients, List<Encounter> encounters, Period period) {
        return emergencyVisitsOf(patients, visits(encounters, period), period);
    }

    /** {@link #emergencyVisits} of the encounters read as visits. */
    public List<Counted> emergencyVisitsOf(List<String> patients, List<Visit> encounters, Period period) {
        List<Counted> items = new ArrayList<>();
        Set<String> inScope = new HashSet<>(patients);
        for (String patient : patients) {
            items.add(new Counted(patient, patient, period.start(), false, null, Map.of()));
        }
        for (Visit visit : encounters) {
            if (visit.inClass(settings.emergencyClasses())
                    && visit.tookPlace()
                    && period.contains(visit.startDay())
                    && inScope.contains(visit.patient())) {
                items.add(new Counted(visit.key(), visit.patient(), visit.startDay(), true, null, Map.of()));
            }
        }
        return items;
    }

    static boolean inClass(Encounter encounter, List<String> classes) {
        Coding type = encounter.getClass_();
        return type.getCode() != null && classes.contains(type.getCode());
    }

    /**
     * A result as the metrics read it: an Observation with a LOINC code that came back (its status closes a loop),
     * states a number, has a time and names a patient; null otherwise.
     */
    public Result result(Observation observation, Period period) {
        List<String> loinc = observation.getCode().getCoding().stream()
                .filter(c -> LOINC.equals(c.getSystem()) && c.getCode() != null)
                .map(Coding::getCode)
                .toList();
        BigDecimal value = ObservationValues.number(observation);
        BaseDateTimeType when = effective(observation);
        Instant at = when == null ? null : period.instant(when);
        String patient = server.key(observation.getSubject());
        if (loinc.isEmpty()
                || value == null
                || at == null
                || !RecordStatus.of(observation).closes()
                || patient == null) {
            return null;
        }
        return new Result(
                "Observation/" + observation.getIdElement().getIdPart(), patient, loinc, at, period.day(when), value);
    }

    private List<Visit> visits(List<Encounter> encounters, Period period) {
        return encounters.stream().map(e -> Visit.of(e, period, server)).toList();
    }

    private List<Result> results(List<Observation> observations, Period period) {
        return observations.stream()
                .map(o -> result(o, period))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** The results with one of these LOINC codes. */
    private static List<Result> coded(List<Result> results, List<String> codes) {
        return results.stream()
                .filter(r -> r.loinc().stream().anyMatch(codes::contains))
                .toList();
    }

    /** When a result was taken: its effective time (the start of a period), else when it was issued. */
    private static BaseDateTimeType effective(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return observation.getEffectiveDateTimeType();
        }
        if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
            return observation.getEffectivePeriod().getStartElement();
        }
        if (observation.hasEffectiveInstantType()) {
            return observation.getEffectiveInstantType();
        }
        return observation.hasIssued() ? observation.getIssuedElement() : null;
    }

    /** Whether the diagnosis was made by the end of the period (a condition without an onset always was). */
    private static boolean diagnosedBy(Condition condition, Period period) {
        BaseDateTimeType onset = condition.hasOnsetDateTimeType()
                ? condition.getOnsetDateTimeType()
                : condition.hasOnsetPeriod() ? condition.getOnsetPeriod().getStartElement() : null;
        LocalDate day = onset == null ? null : period.day(onset);
        return day == null || !day.isAfter(period.end());
    }

    /**
     * Whether the condition ended before the period began: it abated before it, or its clinical status says it is
     * over and no date says when.
     */
    private static boolean resolvedBefore(Condition condition, Period period) {
        BaseDateTimeType abated = condition.hasAbatementDateTimeType()
                ? condition.getAbatementDateTimeType()
                : condition.hasAbatementPeriod()
                        ? condition.getAbatementPeriod().getEndElement()
                        : null;
        LocalDate day = abated == null ? null : period.day(abated);
        if (day != null) {
            return day.isBefore(period.start());
        }
        return condition.getClinicalStatus().getCoding().stream()
                .anyMatch(c -> c.getCode() != null && NOT_CURRENT.contains(c.getCode()));
    }
}
