package org.carerelay.handoff.rules;

import static org.carerelay.handoff.rules.Check.error;
import static org.carerelay.handoff.rules.Check.finding;
import static org.carerelay.handoff.rules.Check.warning;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/** Who is handed to whom: the patient, the giver and the receiver. */
final class ParticipantChecks {

    private ParticipantChecks() {}

    static List<Finding> patient(Handoff handoff) {
        Reference patient = handoff.task().getFor();
        if (!patient.hasReference() && !patient.hasIdentifier()) {
            return error(HandoffRule.PATIENT_MISSING, "for", "The handoff names no patient (Task.for is empty)");
        }
        String type = handoff.record().typeOf(patient).orElse(null);
        if (!"Patient".equals(type)) {
            return error(
                    HandoffRule.PATIENT_MISSING,
                    "for",
                    "Task.for points to " + (type == null ? "a resource of unknown type" : "a " + type)
                            + ", not a Patient");
        }
        return List.of();
    }

    static List<Finding> giver(Handoff handoff) {
        if (identifies(handoff.task().getRequester())) {
            return List.of();
        }
        return error(HandoffRule.GIVER_MISSING, "requester", "The handoff names no giver (Task.requester is empty)");
    }

    static List<Finding> receiver(Handoff handoff) {
        if (identifies(handoff.task().getOwner())) {
            return List.of();
        }
        boolean openReferral = handoff.is(HandoffType.REFERRAL) && handoff.status() == TaskStatus.REQUESTED;
        return finding(
                HandoffRule.RECEIVER_MISSING,
                !openReferral,
                "owner",
                openReferral
                        ? "The referral has no receiver yet (Task.owner is empty); it waits for someone to claim it"
                        : "The handoff names no receiver (Task.owner is empty)");
    }

    static List<Finding> receiverOnCareTeam(Handoff handoff) {
        Reference owner = handoff.task().getOwner();
        Reference patient = handoff.task().getFor();
        if (!owner.hasReference()
                || !patient.hasReference()
                || !handoff.record().isLocal(patient)) {
            return List.of();
        }
        String ownerKey = handoff.record().key(owner);
        boolean onTeam = handoff.record().activeCareTeams(patient).stream()
                .flatMap(team -> team.getParticipant().stream())
                .map(participant -> handoff.record().key(participant.getMember()))
                .anyMatch(member -> Objects.equals(member, ownerKey));
        if (onTeam) {
            return List.of();
        }
        return warning(
                HandoffRule.RECEIVER_NOT_ON_CARE_TEAM,
                "owner",
                "The receiver " + owner.getReference() + " is on none of the patient's active care teams");
    }

    private static boolean identifies(Reference reference) {
        return reference.hasReference() || reference.hasIdentifier();
    }
}
