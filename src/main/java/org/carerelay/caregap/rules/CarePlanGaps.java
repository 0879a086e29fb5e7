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
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;

/** Care plans that stall, go unreviewed, or ignore each other (G04, G05, G07). */
final class CarePlanGaps {

    private CarePlanGaps() {}

    static List<Gap> activityOverdue(PatientRecord record, AsOf asOf, GapSettings settings) {
        List<Gap> gaps = new ArrayList<>();
        for (CarePlan plan : active(record)) {
            for (CarePlanActivityComponent activity : plan.getActivity()) {
                DateTimeType end = scheduledEnd(activity);
                CarePlanActivityStatus status = activity.getDetail().getStatus();
                boolean notStarted =
                        status == CarePlanActivityStatus.NOTSTARTED || status == CarePlanActivityStatus.SCHEDULED;
                if (notStarted
                        && Dates.dueBy(end, asOf.zone()) != null
                        && Dates.dueBy(end, asOf.zone()).before(asOf.instant())) {
                    String name = Codes.name(activity.getDetail().getCode());
                    gaps.add(new Gap(
                            CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                            List.of(plan),
                            "Care plan activity " + (name != null ? "'" + name + "'" : "(unnamed)")
                                    + " was to be done by "
                                    + end.getValueAsString()
                                    + " and has not started"));
                    continue;
                }
                String key = Keys.of(activity.getReference(), settings.server());
                record.tasks().stream()
                        .filter(t -> key != null && key.equals(Keys.of(t)))
                        .filter(t -> ReferralGaps.isOverdue(t, asOf))
                        .findFirst()
                        .ifPresent(t -> gaps.add(new Gap(
                                CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                                List.<Resource>of(plan, t),
                                "Care plan activity " + key + " is overdue")));
            }
        }
        return gaps;
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
                        List.of(plan),
                        "Active care plan ended "
                                + plan.getPeriod().getEndElement().getValueAsString() + " without review"));
            } else if (updated != null && updated.before(stale)) {
                gaps.add(new Gap(
                        CareGapRule.CAREPLAN_REVIEW_OVERDUE,
                        List.of(plan),
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
        return List.of(new Gap(
                CareGapRule.FRAGMENTED_CARE_PLANS,
                List.copyOf(involved),
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
     * The end of an activity's schedule as written: of its period, or of the period that bounds its timing. Events, a
     * duration or a string say no end, and neither does an end without a value: an element with none.
     */
    private static DateTimeType scheduledEnd(CarePlanActivityComponent activity) {
        var detail = activity.getDetail();
        if (detail.getScheduled() instanceof Period period) {
            return period.getEndElement();
        }
        if (detail.getScheduled() instanceof Timing timing && timing.getRepeat().getBounds() instanceof Period bounds) {
            return bounds.getEndElement();
        }
        return new DateTimeType();
    }

    private static List<CarePlan> active(PatientRecord record) {
        return record.carePlans().stream().filter(RecordStatus::counts).toList();
    }
}
