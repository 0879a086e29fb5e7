package org.carerelay.caregap.rules;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.carerelay.fhir.LocalServer;
import org.carerelay.handoff.rules.HandoffCodes;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/** Referrals that were never completed, handoffs nobody acknowledged, tasks past due (G01 to G03). */
final class ReferralGaps {

    private ReferralGaps() {}

    static List<Gap> referralOpen(PatientRecord record, AsOf asOf, GapSettings settings) {
        List<Gap> gaps = new ArrayList<>();
        Date cutoff = Dates.minusDays(asOf.endOfDay(), settings.referralOpenDays());
        for (ServiceRequest request : record.serviceRequests()) {
            Date authored = Dates.read(request.getAuthoredOnElement(), asOf.zone());
            if (!RecordStatus.open(request)
                    || authored == null
                    || !authored.before(cutoff)
                    || isFulfilled(record, request, settings.server())) {
                continue;
            }
            String key = Keys.of(request);
            gaps.add(new Gap(
                    CareGapRule.REFERRAL_OPEN,
                    List.of(
                            Gap.Finding.of(
                                    request,
                                    "an open referral, authored "
                                            + request.getAuthoredOnElement().getValueAsString() + ", more than "
                                            + settings.referralOpenDays() + " days before asOf"),
                            Gap.Finding.absent("a Task of status completed with " + key + " as its focus or basedOn,"
                                    + " or an Encounter, Procedure, DiagnosticReport or Observation basedOn " + key
                                    + " with a status that shows it took place")),
                    "Referral " + describe(request) + " has been open for more than " + settings.referralOpenDays()
                            + " days with no completed task or result"));
        }
        return gaps;
    }

    static List<Gap> handoffUnacknowledged(PatientRecord record, AsOf asOf, GapSettings settings) {
        // elapsed hours run to the evaluation instant (now, on today's report), not to the end of the day
        Date cutoff = Dates.minusHours(asOf.instant(), settings.handoffAcknowledgeHours());
        return record.tasks().stream()
                .filter(ReferralGaps::isHandoff)
                .filter(t -> RecordStatus.open(t)
                        && (t.getStatus() == TaskStatus.REQUESTED || t.getStatus() == TaskStatus.RECEIVED))
                .filter(t -> {
                    Date sent = Dates.read(t.getAuthoredOnElement(), asOf.zone());
                    return sent != null && !sent.after(cutoff);
                })
                .map(t -> new Gap(
                        CareGapRule.HANDOFF_UNACKNOWLEDGED,
                        List.of(Gap.Finding.of(
                                t,
                                "a handoff sent " + t.getAuthoredOnElement().getValueAsString()
                                        + " and not accepted (status accepted or later) within "
                                        + settings.handoffAcknowledgeHours() + " hours")),
                        "Handoff still " + t.getStatus().toCode() + " more than " + settings.handoffAcknowledgeHours()
                                + " hours after it was sent"))
                .toList();
    }

    static List<Gap> taskOverdue(PatientRecord record, AsOf asOf, GapSettings settings) {
        return record.tasks().stream()
                .filter(t -> isOverdue(t, asOf))
                .map(t -> new Gap(
                        CareGapRule.TASK_OVERDUE,
                        List.of(Gap.Finding.of(
                                t,
                                "still to do, due "
                                        + t.getRestriction()
                                                .getPeriod()
                                                .getEndElement()
                                                .getValueAsString())),
                        "Task " + (t.getDescription() != null ? "'" + t.getDescription() + "' " : "") + "was due "
                                + t.getRestriction().getPeriod().getEndElement().getValueAsString() + " and is still "
                                + t.getStatus().toCode()))
                .toList();
    }

    /**
     * Open and past due at the evaluation instant: a due dateTime passes at that instant, a due date at the end of
     * that day in the practice's zone (due today is not overdue until the day is over).
     */
    static boolean isOverdue(Task task, AsOf asOf) {
        Date due = Dates.dueBy(task.getRestriction().getPeriod().getEndElement(), asOf.zone());
        return RecordStatus.open(task) && due != null && due.before(asOf.instant());
    }

    static boolean isHandoff(Task task) {
        return task.getCode().getCoding().stream().anyMatch(c -> HandoffCodes.HANDOFF_TYPE.equals(c.getSystem()))
                || (task.getCode().getCoding().stream()
                                .anyMatch(c ->
                                        HandoffCodes.TASK_CODE.equals(c.getSystem()) && "fulfill".equals(c.getCode()))
                        && task.getFocus().getReferenceElement().getResourceType() != null
                        && task.getFocus()
                                .getReferenceElement()
                                .getResourceType()
                                .equals("ServiceRequest"));
    }

    private static boolean isFulfilled(PatientRecord record, ServiceRequest request, LocalServer server) {
        String key = Keys.of(request);
        boolean completedTask = record.tasks().stream()
                .filter(RecordStatus::closes)
                .anyMatch(t -> refersTo(t.getFocus(), key, server)
                        || t.getBasedOn().stream().anyMatch(r -> refersTo(r, key, server)));
        if (completedTask) {
            return true;
        }
        // a cancelled, planned or no-show visit, a procedure not done, a result never produced close nothing
        return Stream.of(
                        record.encounters().stream()
                                .filter(RecordStatus::closes)
                                .flatMap(e -> e.getBasedOn().stream()),
                        record.procedures().stream()
                                .filter(RecordStatus::closes)
                                .flatMap(p -> p.getBasedOn().stream()),
                        record.reports().stream().filter(RecordStatus::closes).flatMap(r -> r.getBasedOn().stream()),
                        record.observations().stream()
                                .filter(RecordStatus::closes)
                                .flatMap(o -> o.getBasedOn().stream()))
                .flatMap(s -> s)
                .anyMatch(r -> refersTo(r, key, server));
    }

    private static boolean refersTo(Reference reference, String key, LocalServer server) {
        return key != null && key.equals(Keys.of(reference, server));
    }

    /** The referral's text or display, else its id, else a neutral word (a referral read from a bundle may have none). */
    private static String describe(ServiceRequest request) {
        String what = Codes.display(request.getCode());
        if (what != null) {
            return "'" + what + "'";
        }
        String key = Keys.of(request);
        return key != null ? key : "(unnamed)";
    }
}
