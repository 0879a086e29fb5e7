package org.carerelay.caregap.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/** Chronic illness without coordination, depression screens without follow-up, diabetes without HbA1c (G06, G08, G09). */
final class ChronicCareGaps {

    static final String PHQ9_TOTAL = "44261-6";
    static final String[] HBA1C = {"4548-4", "17856-6"};
    private static final BigDecimal POSITIVE_PHQ9 = BigDecimal.TEN;

    private ChronicCareGaps() {}

    static List<Gap> noCareCoordinator(PatientRecord record, Date asOf, GapSettings settings) {
        List<Condition> chronic = activeConditions(record, settings.chronicConditions());
        long distinct = chronic.stream()
                .map(c -> c.getCode().getCodingFirstRep().getCode())
                .distinct()
                .count();
        if (distinct < settings.chronicConditionCount() || hasCoordinator(record, settings)) {
            return List.of();
        }
        return List.of(new Gap(
                CareGapRule.NO_CARE_COORDINATOR,
                List.copyOf(chronic),
                distinct + " active chronic conditions and no care coordinator on an active care team"));
    }

    static List<Gap> depressionFollowUp(PatientRecord record, Date asOf, GapSettings settings) {
        Date earliest = Dates.minusDays(asOf, settings.lookbackDays());
        Optional<Observation> positive = phq9(record)
                .filter(o ->
                        score(o).filter(s -> s.compareTo(POSITIVE_PHQ9) >= 0).isPresent())
                .filter(o -> Dates.within(
                        Dates.effective(o), earliest, Dates.minusDays(asOf, settings.depressionFollowUpDays())))
                .max(Comparator.comparing(Dates::effective));
        if (positive.isEmpty()) {
            return List.of();
        }
        Date screened = Dates.effective(positive.get());
        Date windowEnd = Dates.plusDays(screened, settings.depressionFollowUpDays());
        boolean rescreened = phq9(record).anyMatch(o -> Dates.within(Dates.effective(o), screened, windowEnd));
        if (rescreened || hasDepressionPlanOrReferral(record, settings)) {
            return List.of();
        }
        return List.of(new Gap(
                CareGapRule.DEPRESSION_FOLLOW_UP_MISSING,
                List.of(positive.get()),
                "PHQ-9 of "
                        + score(positive.get())
                                .orElseThrow()
                                .stripTrailingZeros()
                                .toPlainString()
                        + " with no repeat screen within " + settings.depressionFollowUpDays()
                        + " days and no plan or referral for depression"));
    }

    static List<Gap> hba1cOverdue(PatientRecord record, Date asOf, GapSettings settings) {
        List<Condition> diabetes = activeConditions(record, settings.diabetesConditions());
        if (diabetes.isEmpty()) {
            return List.of();
        }
        Date since = Dates.minusDays(asOf, settings.hba1cDays());
        List<Observation> hba1c = record.observations().stream()
                .filter(o -> Codes.hasLoinc(o.getCode(), HBA1C))
                .filter(o -> Dates.effective(o) != null)
                .sorted(Comparator.comparing(Dates::effective).reversed())
                .toList();
        if (!hba1c.isEmpty() && Dates.within(Dates.effective(hba1c.get(0)), since, asOf)) {
            return List.of();
        }
        List<Resource> evidence = new ArrayList<>(diabetes);
        if (!hba1c.isEmpty()) {
            evidence.add(hba1c.get(0));
        }
        return List.of(new Gap(
                CareGapRule.HBA1C_OVERDUE,
                evidence,
                hba1c.isEmpty()
                        ? "Active diabetes and no HbA1c on record"
                        : "Active diabetes and no HbA1c since "
                                + Dates.effectiveAsWritten(hba1c.get(0)) + " (more than "
                                + settings.hba1cDays() + " days)"));
    }

    /**
     * A score sent as a Quantity or as an integer (both are valid R4 and both are common); any other value, or none,
     * is no score.
     */
    static Optional<BigDecimal> score(Observation observation) {
        if (observation.getValue() instanceof Quantity quantity && quantity.hasValue()) {
            return Optional.of(quantity.getValue());
        }
        if (observation.getValue() instanceof IntegerType integer && integer.hasValue()) {
            return Optional.of(BigDecimal.valueOf(integer.getValue()));
        }
        return Optional.empty();
    }

    private static java.util.stream.Stream<Observation> phq9(PatientRecord record) {
        return record.observations().stream()
                .filter(o -> Codes.hasLoinc(o.getCode(), PHQ9_TOTAL))
                .filter(o -> Dates.effective(o) != null);
    }

    private static List<Condition> activeConditions(PatientRecord record, List<String> codes) {
        return record.conditions().stream()
                .filter(ChronicCareGaps::isActive)
                .filter(c -> Codes.matches(c.getCode(), codes))
                .toList();
    }

    static boolean isActive(Condition condition) {
        boolean active = condition.getClinicalStatus().getCoding().stream()
                .anyMatch(c -> List.of("active", "recurrence", "relapse").contains(c.getCode()));
        boolean abated = condition.hasAbatement();
        return active && !abated;
    }

    private static boolean hasCoordinator(PatientRecord record, GapSettings settings) {
        return record.careTeams().stream()
                .filter(t -> t.getStatus() == CareTeam.CareTeamStatus.ACTIVE)
                .flatMap(t -> t.getParticipant().stream())
                .flatMap(p -> p.getRole().stream())
                .anyMatch(role -> isCoordinatorRole(role, settings));
    }

    private static boolean isCoordinatorRole(CodeableConcept role, GapSettings settings) {
        List<String> words = new ArrayList<>();
        if (role.hasText()) {
            words.add(role.getText());
        }
        role.getCoding().forEach(c -> {
            if (c.hasDisplay()) {
                words.add(c.getDisplay());
            }
        });
        return words.stream()
                .map(w -> w.toLowerCase(Locale.ROOT))
                .anyMatch(w -> settings.coordinatorRoles().stream().anyMatch(w::contains));
    }

    private static boolean hasDepressionPlanOrReferral(PatientRecord record, GapSettings settings) {
        List<String> depressionConditions = record.conditions().stream()
                .filter(c -> Codes.matches(c.getCode(), settings.depressionConditions()))
                .map(c -> c.getIdElement().toUnqualifiedVersionless().getValue())
                .toList();
        boolean plan = record.carePlans().stream()
                .filter(p -> p.getStatus() == CarePlan.CarePlanStatus.ACTIVE)
                .anyMatch(
                        p -> p.getAddresses().stream().anyMatch(a -> depressionConditions.contains(a.getReference())));
        boolean referral = record.serviceRequests().stream()
                .filter(r -> r.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE
                        || r.getStatus() == ServiceRequest.ServiceRequestStatus.COMPLETED)
                .anyMatch(r ->
                        r.getReasonCode().stream().anyMatch(c -> Codes.matches(c, settings.depressionConditions()))
                                || r.getReasonReference().stream()
                                        .anyMatch(ref -> depressionConditions.contains(ref.getReference())));
        return plan || referral;
    }
}
