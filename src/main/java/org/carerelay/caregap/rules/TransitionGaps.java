package org.carerelay.caregap.rules;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Encounter;

/** Inpatient stays that ended with no follow-up visit (G10). */
final class TransitionGaps {

    static final Set<String> INPATIENT = Set.of("IMP", "ACUTE", "NONAC");
    static final Set<String> FOLLOW_UP = Set.of("AMB", "HH", "VR");

    private TransitionGaps() {}

    static List<Gap> postDischargeFollowUp(PatientRecord record, AsOf at, GapSettings settings) {
        Date asOf = at.endOfDay();
        Date earliest = Dates.minusDays(asOf, settings.lookbackDays());
        Date latestDischarge = Dates.minusDays(asOf, settings.dischargeFollowUpDays());
        List<Gap> gaps = new ArrayList<>();
        for (Encounter stay : record.encounters()) {
            Date discharged = Dates.read(stay.getPeriod().getEndElement(), at.zone());
            if (!RecordStatus.counts(stay)
                    || !Codes.oneOf(stay.getClass_().getCode(), INPATIENT)
                    || !Dates.within(discharged, earliest, latestDischarge)) {
                continue;
            }
            Date windowEnd = Dates.plusDays(discharged, settings.dischargeFollowUpDays());
            boolean followedUp = record.encounters().stream()
                    // a planned, cancelled or no-show visit is no follow-up
                    .filter(RecordStatus::closes)
                    .filter(e -> Codes.oneOf(e.getClass_().getCode(), FOLLOW_UP))
                    // a visit open at the start is dated by its end
                    .anyMatch(e -> Dates.within(
                            Dates.firstKnown(
                                    Dates.read(e.getPeriod().getStartElement(), at.zone()),
                                    Dates.read(e.getPeriod().getEndElement(), at.zone())),
                            discharged,
                            windowEnd));
            if (!followedUp) {
                gaps.add(new Gap(
                        CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING,
                        List.of(
                                Gap.Finding.of(
                                        stay,
                                        "an inpatient stay (class "
                                                + stay.getClass_().getCode() + ") discharged "
                                                + stay.getPeriod()
                                                        .getEndElement()
                                                        .getValueAsString()),
                                Gap.Finding.absent(
                                        "an Encounter of class AMB, HH or VR with a status that shows it took place"
                                                + " (arrived, triaged, in-progress, onleave, finished) within "
                                                + settings.dischargeFollowUpDays() + " days after the discharge")),
                        "Discharged " + stay.getPeriod().getEndElement().getValueAsString()
                                + " with no ambulatory, home-health or virtual visit within "
                                + settings.dischargeFollowUpDays() + " days"));
            }
        }
        return gaps;
    }
}
