package org.carerelay.metrics.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carerelay.caregap.rules.RecordStatus;
import org.carerelay.fhir.Canonical;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The Coordination family: what each referral, handoff and discharge of a period counts as. Pure: the resources come
 * in (already narrowed by the database to the period), the counted items go out; statuses are read through the
 * care-gap rules' one table ({@link RecordStatus}), so a metric and a gap never disagree on what a record says.
 */
public final class CoordinationMetrics {

    public static final String HANDOFF_TYPE = Canonical.codeSystem("handoff-type");
    public static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";
    static final String TASK_STATUS = "http://hl7.org/fhir/task-status";
    private static final Set<String> ACKNOWLEDGED = Set.of("accepted", "in-progress", "completed");
    public static final String NONE = "none";

    private final MetricSettings settings;
    private final LocalServer server;

    public CoordinationMetrics(MetricSettings settings, LocalServer server) {
        this.settings = settings;
        this.server = server;
    }

    /**
     * {@link Metric#REFERRAL_LOOP_CLOSURE} and {@link Metric#REFERRAL_CLOSURE_DAYS} of the referrals authored in the
     * period. {@code outcomes} are the Encounters, Procedures, DiagnosticReports and Observations based on them and the
     * Tasks whose focus they are.
     */
    public Map<Metric, List<Counted>> referrals(
            List<ServiceRequest> referrals, List<Resource> outcomes, Period period) {
        return referralMetrics(
                referrals.stream()
                        .map(r -> referral(r, period))
                        .filter(java.util.Objects::nonNull)
                        .toList(),
                outcomes.stream()
                        .map(o -> closing(o, period))
                        .filter(java.util.Objects::nonNull)
                        .toList());
    }

    /** A referral as the metrics count it; null when it was not authored in the period or its status does not count. */
    public Referral referral(ServiceRequest referral, Period period) {
        LocalDate authored = period.day(referral.getAuthoredOnElement());
        if (!period.contains(authored) || !RecordStatus.of(referral).counts()) {
            return null;
        }
        return new Referral(
                "ServiceRequest/" + referral.getIdElement().getIdPart(),
                server.key(referral.getSubject()),
                authored,
                first(referral.getPerformer()));
    }

    /** The referrals an outcome closed and when; null when it did not take place, or not by the end of the period. */
    public Closing closing(Resource outcome, Period period) {
        LocalDate day = closingDay(outcome, period);
        if (day == null
                || day.isAfter(period.end())
                || !RecordStatus.of(outcome).closes()) {
            return null;
        }
        List<String> keys = referralsOf(outcome).stream()
                .map(server::key)
                .filter(java.util.Objects::nonNull)
                .toList();
        return keys.isEmpty() ? null : new Closing(keys, day);
    }

    /** {@link Metric#REFERRAL_LOOP_CLOSURE} and {@link Metric#REFERRAL_CLOSURE_DAYS} of these referrals. */
    public Map<Metric, List<Counted>> referralMetrics(List<Referral> referrals, List<Closing> closings) {
        Map<String, LocalDate> closed = new HashMap<>();
        for (Closing closing : closings) {
            for (String key : closing.referrals()) {
                closed.merge(key, closing.day(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<Counted> rate = new ArrayList<>();
        List<Counted> days = new ArrayList<>();
        for (Referral referral : referrals) {
            Map<String, String> strata = Map.of("receiver", referral.receiver());
            LocalDate closing = closed.get(referral.key());
            rate.add(new Counted(
                    referral.key(), referral.patient(), referral.authored(), closing != null, null, strata));
            if (closing != null) {
                double elapsed = Math.max(0, ChronoUnit.DAYS.between(referral.authored(), closing));
                days.add(new Counted(referral.key(), referral.patient(), referral.authored(), false, elapsed, strata));
            }
        }
        return Map.of(Metric.REFERRAL_LOOP_CLOSURE, rate, Metric.REFERRAL_CLOSURE_DAYS, days);
    }

    /**
     * {@link Metric#HANDOFF_ACKNOWLEDGEMENT_HOURS} and {@link Metric#HANDOFFS_BY_STATUS} of the handoffs authored in the
     * period; {@code provenances} are those that target them.
     */
    public Map<Metric, List<Counted>> handoffs(List<Task> tasks, List<Provenance> provenances, Period period) {
        return handoffMetrics(
                tasks.stream()
                        .map(t -> handoff(t, period))
                        .filter(java.util.Objects::nonNull)
                        .toList(),
                provenances.stream()
                        .map(p -> acknowledgement(p, period))
                        .filter(java.util.Objects::nonNull)
                        .toList());
    }

    /** A handoff as the metrics count it; null when the Task is no handoff, not of the period or has no status. */
    public Handoff handoff(Task task, Period period) {
        LocalDate authored = period.day(task.getAuthoredOnElement());
        if (!isHandoff(task)
                || !period.contains(authored)
                || task.getStatus() == null
                || task.getStatus() == Task.TaskStatus.ENTEREDINERROR
                || task.getStatus() == Task.TaskStatus.NULL) {
            return null;
        }
        return new Handoff(
                "Task/" + task.getIdElement().getIdPart(),
                server.key(task.getFor()),
                authored,
                period.instant(task.getAuthoredOnElement()),
                task.getStatus().toCode(),
                task.getOwner().hasReference() ? server.key(task.getOwner()) : NONE);
    }

    /** What a Provenance acknowledges; null when it records no acceptance (or later) before the period ended. */
    public Acknowledgement acknowledgement(Provenance provenance, Period period) {
        Instant recorded = provenance.getRecorded() == null
                ? null
                : provenance.getRecorded().toInstant();
        boolean acknowledges = provenance.getActivity().getCoding().stream()
                .anyMatch(c -> TASK_STATUS.equals(c.getSystem()) && ACKNOWLEDGED.contains(c.getCode()));
        if (recorded == null || !acknowledges || !recorded.isBefore(period.endInstant())) {
            return null;
        }
        List<String> targets = provenance.getTarget().stream()
                .map(server::key)
                .filter(java.util.Objects::nonNull)
                .toList();
        return targets.isEmpty() ? null : new Acknowledgement(targets, recorded);
    }

    /** {@link Metric#HANDOFF_ACKNOWLEDGEMENT_HOURS} and {@link Metric#HANDOFFS_BY_STATUS} of these handoffs. */
    public Map<Metric, List<Counted>> handoffMetrics(List<Handoff> handoffs, List<Acknowledgement> acknowledgements) {
        Map<String, Instant> acknowledged = new HashMap<>();
        for (Acknowledgement acknowledgement : acknowledgements) {
            for (String key : acknowledgement.targets()) {
                acknowledged.merge(key, acknowledgement.recorded(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<Counted> hours = new ArrayList<>();
        List<Counted> byStatus = new ArrayList<>();
        for (Handoff handoff : handoffs) {
            String key = handoff.key();
            byStatus.add(new Counted(
                    key,
                    handoff.patient(),
                    handoff.authored(),
                    false,
                    null,
                    Map.of("status", handoff.status(), "receiver", handoff.receiver())));
            Instant ack = acknowledged.get(key);
            if (ack != null && !ack.isBefore(handoff.requested()) && !handoff.draft()) {
                double elapsed = Duration.between(handoff.requested(), ack).toSeconds() / 3600d;
                hours.add(new Counted(
                        key,
                        handoff.patient(),
                        handoff.authored(),
                        false,
                        elapsed,
                        Map.of("receiver", handoff.receiver())));
            }
        }
        return Map.of(Metric.HANDOFF_ACKNOWLEDGEMENT_HOURS, hours, Metric.HANDOFFS_BY_STATUS, byStatus);
    }

    /**
     * {@link Metric#DISCHARGE_FOLLOW_UP_DAYS} and {@link Metric#DISCHARGE_FOLLOW_UP_RATE} of the inpatient stays that
     * ended in the period; {@code encounters} holds the stays and their patients' later encounters.
     */
    public Map<Metric, List<Counted>> discharges(List<Encounter> encounters, Period period) {
        return dischargeMetrics(
                encounters.stream().map(e -> Visit.of(e, period, server)).toList(), period);
    }

    /** {@link #discharges} of the encounters read as visits. */
    public Map<Metric, List<Counted>> dischargeMetrics(List<Visit> encounters, Period period) {
        Map<String, List<LocalDate>> followUps = new HashMap<>();
        for (Visit encounter : encounters) {
            LocalDate start = encounter.startDay();
            if (encounter.inClass(settings.followUpClasses())
                    && encounter.tookPlace()
                    && start != null
                    && !start.isAfter(period.end())) {
                followUps
                        .computeIfAbsent(encounter.patient(), k -> new ArrayList<>())
                        .add(start);
            }
        }
        List<Counted> days = new ArrayList<>();
        List<Counted> rate = new ArrayList<>();
        for (Visit stay : encounters) {
            LocalDate discharged = stay.endDay();
            if (!stay.inClass(settings.inpatientClasses())
                    || !stay.finished()
                    || !period.contains(discharged)
                    || stay.died()) {
                continue;
            }
            String key = stay.key();
            String patient = stay.patient();
            LocalDate next = followUps.getOrDefault(patient, List.of()).stream()
                    .filter(day -> !day.isBefore(discharged))
                    .min(LocalDate::compareTo)
                    .orElse(null);
            Long elapsed = next == null ? null : ChronoUnit.DAYS.between(discharged, next);
            rate.add(new Counted(
                    key, patient, discharged, elapsed != null && elapsed <= settings.followUpDays(), null, Map.of()));
            if (elapsed != null) {
                days.add(new Counted(key, patient, discharged, false, elapsed.doubleValue(), Map.of()));
            }
        }
        return Map.of(Metric.DISCHARGE_FOLLOW_UP_DAYS, days, Metric.DISCHARGE_FOLLOW_UP_RATE, rate);
    }

    /** A handoff by DESIGN.md: a handoff-type code, or the closed-loop referral pattern (fulfill a ServiceRequest). */
    public static boolean isHandoff(Task task) {
        for (Coding coding : task.getCode().getCoding()) {
            if (HANDOFF_TYPE.equals(coding.getSystem()) && coding.hasCode()) {
                return true;
            }
            if (TASK_CODE.equals(coding.getSystem())
                    && "fulfill".equals(coding.getCode())
                    && task.getFocus().getReferenceElement().getResourceType() != null
                    && task.getFocus().getReferenceElement().getResourceType().equals("ServiceRequest")) {
                return true;
            }
        }
        return false;
    }

    static boolean diedDuringStay(Encounter stay) {
        return stay.getHospitalization().getDischargeDisposition().getCoding().stream()
                .anyMatch(c -> "exp".equals(c.getCode()));
    }

    private static List<Reference> referralsOf(Resource outcome) {
        if (outcome instanceof Task task) {
            return List.of(task.getFocus());
        } else if (outcome instanceof Encounter e) {
            return e.getBasedOn();
        } else if (outcome instanceof Procedure p) {
            return p.getBasedOn();
        } else if (outcome instanceof DiagnosticReport r) {
            return r.getBasedOn();
        } else if (outcome instanceof Observation o) {
            return o.getBasedOn();
        }
        return List.of();
    }

    /** When an outcome closed the loop: when it took place, or for a Task when it was done. */
    private static LocalDate closingDay(Resource outcome, Period period) {
        BaseDateTimeType when = null;
        if (outcome instanceof Task task) {
            when = task.getExecutionPeriod().hasEnd()
                    ? task.getExecutionPeriod().getEndElement()
                    : task.getLastModifiedElement();
        } else if (outcome instanceof Encounter e) {
            when = e.getPeriod().getStartElement();
        } else if (outcome instanceof Procedure p) {
            when = p.hasPerformedPeriod()
                    ? p.getPerformedPeriod().getStartElement()
                    : p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType() : null;
        } else if (outcome instanceof DiagnosticReport r) {
            when = r.hasIssued()
                    ? r.getIssuedElement()
                    : r.hasEffectiveDateTimeType() ? r.getEffectiveDateTimeType() : null;
        } else if (outcome instanceof Observation o) {
            when = o.hasEffectiveDateTimeType()
                    ? o.getEffectiveDateTimeType()
                    : o.hasIssued() ? o.getIssuedElement() : null;
        }
        return when == null ? null : period.day(when);
    }

    private String first(List<Reference> references) {
        return references.stream()
                .map(server::key)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(NONE);
    }
}
