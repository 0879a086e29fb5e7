package org.carerelay.caregap.rules;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;

/** Care plans that stall, go unreviewed, or ignore each other (G04, G05, G07). */
final class CarePlanGaps {

    private CarePlanGaps() {}

    static List<Gap> activityOverdue(PatientRecord record, AsOf asOf, GapSettings settings) {
        List<Gap> gaps = new ArrayList<>();
        for (CarePlan plan : active(record)) {
            for (CarePlanActivityComponent activity : plan.getActivity()) {
                DateTimeType end = scheduledEnd(activity.getDetail().getScheduled());
                CarePlanActivityStatus status = activity.getDetail().getStatus();
                boolean notStarted =
                        status == CarePlanActivityStatus.NOTSTARTED || status == CarePlanActivityStatus.SCHEDULED;
                if (notStarted && passed(end, asOf)) {
                    String name = Codes.name(activity.getDetail().getCode());
                    String activityName = name != null ? "'" + name + "'" : "(unnamed)";
                    gaps.add(new Gap(
                            CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                            List.of(Gap.Finding.of(
                                    plan,
                                    "a care plan whose activity " + activityName + " has status " + status.toCode()
                                            + " and was to be done by " + end.getValueAsString())),
                            "Care plan activity " + activityName + " was to be done by " + end.getValueAsString()
                                    + " and has not started"));
                    continue;
                }
                String key = Keys.of(activity.getReference(), settings.server());
                if (key == null) {
                    continue;
                }
                record.tasks().stream()
                        .filter(t -> key.equals(Keys.of(t)))
                        .filter(t -> ReferralGaps.isOverdue(t, asOf))
                        .findFirst()
                        .ifPresent(t -> gaps.add(overdue(
                                plan,
                                Gap.Finding.of(
                                        t,
                                        "still to do, due "
                                                + t.getRestriction()
                                                        .getPeriod()
                                                        .getEndElement()
                                                        .getValueAsString()),
                                key)));
                // a request has its own status and occurrence: active and past its occurrence is overdue
                record.serviceRequests().stream()
                        .filter(r -> key.equals(Keys.of(r)))
                        .filter(r -> RecordStatus.open(r) && passed(scheduledEnd(r.getOccurrence()), asOf))
                        .findFirst()
                        .ifPresent(r -> gaps.add(overdue(
                                plan,
                                Gap.Finding.of(
                                        r,
                                        "still open, to occur by "
                                                + scheduledEnd(r.getOccurrence())
                                                        .getValueAsString()),
                                key)));
            }
        }
        return gaps;
    }

    private static Gap overdue(CarePlan plan, Gap.Finding activity, String key) {
        return new Gap(
                CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                List.of(Gap.Finding.of(plan, "a care plan with activity " + key), activity),
                "Care plan activity " + key + " is overdue");
    }

    /** Whether a due date or dateTime has passed at the evaluation instant; one without a value never has. */
    private static boolean passed(DateTimeType due, AsOf asOf) {
        Date by = Dates.dueBy(due, asOf.zone());
        return by != null && by.before(asOf.instant());
    }

    static List<Gap> reviewOverdue(PatientRecord record, AsOf asOf, GapSettings settings) {
        Date stale = Dates.minusDays(asOf.endOfDay(), settings.carePlanReviewDays());
        List<Gap> gaps = new ArrayList<>();
        for (CarePlan plan : active(record)) {
            Date end = Dates.dueBy(plan.getPeriod().getEndElement(), asOf.zone());
            Date updated = plan.getMeta().getLastUpdated();
            if (end != null && end.before(asOf.instant())) {
                gaps.add(new Gap(
                        CareGapRule.CAREPLAN_REVIEW_OVERDUE,
                        List.of(Gap.Finding.of(
                                plan,
                                "a care plan whose period ended "
                                        + plan.getPeriod().getEndElement().getValueAsString())),
                        "Active care plan ended "
                                + plan.getPeriod().getEndElement().getValueAsString() + " without review"));
            } else if (updated != null && updated.before(stale)) {
                gaps.add(new Gap(
                        CareGapRule.CAREPLAN_REVIEW_OVERDUE,
                        List.of(Gap.Finding.of(
                                plan,
                                "a care plan last updated "
                                        + plan.getMeta().getLastUpdatedElement().getValueAsString() + ", more than "
                                        + settings.carePlanReviewDays() + " days before asOf")),
                        "Care plan not updated for more than " + settings.carePlanReviewDays() + " days"));
            }
        }
        return gaps;
    }

    static List<Gap> fragmented(PatientRecord record, AsOf asOf, GapSettings settings) {
        List<CarePlan> plans = active(record);
        Set<CarePlan> involved = new java.util.LinkedHashSet<>();
        for (int i = 0; i < plans.size(); i++) {
            for (int j = i + 1; j < plans.size(); j++) {
                if (unaware(plans.get(i), plans.get(j), settings.server())) {
                    involved.add(plans.get(i));
                    involved.add(plans.get(j));
                }
            }
        }
        if (involved.isEmpty()) {
            return List.of();
        }
        List<Gap.Finding> findings = new ArrayList<>();
        involved.forEach(p -> findings.add(Gap.Finding.of(
                p, "a care plan by " + Objects.requireNonNullElse(Keys.of(p.getAuthor(), settings.server()), "?"))));
        findings.add(Gap.Finding.absent("a care team shared by these plans, or a basedOn, replaces or partOf reference"
                + " from one of them to another"));
        return List.of(new Gap(
                CareGapRule.FRAGMENTED_CARE_PLANS,
                findings,
                involved.size() + " active care plans by different authors share no care team and do not reference"
                        + " each other"));
    }

    private static boolean unaware(CarePlan a, CarePlan b, LocalServer server) {
        String authorA = Keys.of(a.getAuthor(), server);
        String authorB = Keys.of(b.getAuthor(), server);
        if (authorA == null || authorB == null || authorA.equals(authorB)) {
            return false;
        }
        Set<String> teamsA = keys(a.getCareTeam(), server);
        if (keys(b.getCareTeam(), server).stream().anyMatch(teamsA::contains)) {
            return false;
        }
        return !mentions(a, b, server) && !mentions(b, a, server);
    }

    private static boolean mentions(CarePlan from, CarePlan to, LocalServer server) {
        String key = Keys.of(to);
        Set<String> links = keys(from.getBasedOn(), server);
        links.addAll(keys(from.getReplaces(), server));
        links.addAll(keys(from.getPartOf(), server));
        return key != null && links.contains(key);
    }

    private static Set<String> keys(List<Reference> references, LocalServer server) {
        Set<String> keys = new HashSet<>();
        references.stream()
                .map(r -> Keys.of(r, server))
                .filter(Objects::nonNull)
                .forEach(keys::add);
        return keys;
    }

    /**
     * The end of a schedule or occurrence as written: a dateTime itself, the end of a period, or of the period that
     * bounds a timing. Events, a duration or a string say no end, and neither does an end without a value: an element
     * with none.
     */
    private static DateTimeType scheduledEnd(Type scheduled) {
        if (scheduled instanceof DateTimeType date) {
            return date;
        }
        if (scheduled instanceof Period period) {
            return period.getEndElement();
        }
        if (scheduled instanceof Timing timing && timing.getRepeat().getBounds() instanceof Period bounds) {
            return bounds.getEndElement();
        }
        return new DateTimeType();
    }

    private static List<CarePlan> active(PatientRecord record) {
        return record.carePlans().stream().filter(RecordStatus::counts).toList();
    }
}
