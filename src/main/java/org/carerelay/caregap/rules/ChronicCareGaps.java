package org.carerelay.caregap.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;

/** Chronic illness without coordination, depression screens without follow-up, diabetes without HbA1c (G06, G08, G09). */
final class ChronicCareGaps {

    static final String PHQ9_TOTAL = "44261-6";
    static final String[] HBA1C = {"4548-4", "17856-6"};
    private static final BigDecimal POSITIVE_PHQ9 = BigDecimal.TEN;

    private ChronicCareGaps() {}

    static List<Gap> noCareCoordinator(PatientRecord record, AsOf at, GapSettings settings) {
        Date asOf = at.endOfDay();
        List<Condition> chronic = record.conditions().stream()
                .filter(RecordStatus::counts)
                .filter(c -> chronicConcept(c, settings) != null)
                .toList();
        // diseases, not codes: a SNOMED problem and an ICD-10 diagnosis of the same diabetes are one condition
        long distinct = chronic.stream()
                .map(c -> chronicConcept(c, settings))
                .distinct()
                .count();
        if (distinct < settings.chronicConditionCount() || hasCoordinator(record, settings)) {
            return List.of();
        }
        List<Gap.Finding> findings = new ArrayList<>();
        chronic.forEach(c -> findings.add(Gap.Finding.of(c, "chronic condition " + chronicConcept(c, settings))));
        findings.add(Gap.Finding.absent("an active CareTeam with a participant whose role carries one of the codes "
                + settings.coordinatorRoleCodes() + " or whose text or display holds one of "
                + settings.coordinatorRoles()));
        return List.of(new Gap(
                CareGapRule.NO_CARE_COORDINATOR,
                findings,
                distinct + " active chronic conditions and no care coordinator on an active care team"));
    }

    static List<Gap> depressionFollowUp(PatientRecord record, AsOf at, GapSettings settings) {
        Date asOf = at.endOfDay();
        Date earliest = Dates.minusDays(asOf, settings.lookbackDays());
        Optional<Observation> positive = phq9(record)
                .filter(o ->
                        score(o).filter(s -> s.compareTo(POSITIVE_PHQ9) >= 0).isPresent())
                .filter(o -> Dates.within(
                        Dates.effective(o, at.zone()),
                        earliest,
                        Dates.minusDays(asOf, settings.depressionFollowUpDays())))
                .max(Comparator.comparing(o -> Dates.effective(o, at.zone())));
        if (positive.isEmpty()) {
            return List.of();
        }
        Date screened = Dates.effective(positive.get(), at.zone());
        Date windowEnd = Dates.plusDays(screened, settings.depressionFollowUpDays());
        List<Observation> repeats = phq9(record)
                .filter(o -> Dates.effective(o, at.zone()) == null
                        || Dates.within(Dates.effective(o, at.zone()), screened, windowEnd))
                .toList();
        boolean rescreened =
                repeats.stream().anyMatch(o -> Dates.effective(o, at.zone()) != null && score(o).isPresent());
        if (rescreened || hasDepressionPlanOrReferral(record, settings)) {
            return List.of();
        }
        // A repeat without a date or a score is no repeat screen; it is named, so that nobody wonders why it did not
        // count.
        List<Gap.Finding> evidence = new ArrayList<>();
        evidence.add(Gap.Finding.of(
                positive.get(),
                "a positive PHQ-9 ("
                        + score(positive.get())
                                .orElseThrow()
                                .stripTrailingZeros()
                                .toPlainString() + ") on " + Dates.effectiveAsWritten(positive.get())));
        repeats.forEach(o -> evidence.add(Gap.Finding.of(o, "a repeat PHQ-9 without a date or a score: not counted")));
        evidence.add(Gap.Finding.absent("a PHQ-9 with a score and a status that counts within "
                + settings.depressionFollowUpDays() + " days after it, an active CarePlan addressing a depression"
                + " Condition, or an active ServiceRequest for depression"));
        return List.of(new Gap(
                CareGapRule.DEPRESSION_FOLLOW_UP_MISSING,
                evidence,
                "PHQ-9 of "
                        + score(positive.get())
                                .orElseThrow()
                                .stripTrailingZeros()
                                .toPlainString()
                        + " with no repeat screen within " + settings.depressionFollowUpDays()
                        + " days and no plan or referral for depression"
                        + notCounted(repeats.size(), "PHQ-9", "score")));
    }

    static List<Gap> hba1cOverdue(PatientRecord record, AsOf at, GapSettings settings) {
        Date asOf = at.endOfDay();
        List<Condition> diabetes = activeConditions(record, settings.codesOf(GapSettings.DIABETES));
        if (diabetes.isEmpty()) {
            return List.of();
        }
        Date since = Dates.minusDays(asOf, settings.hba1cDays());
        List<Observation> tests = record.observations().stream()
                .filter(o -> Codes.hasLoinc(o.getCode(), HBA1C))
                .toList();
        // a cancelled or entered-in-error test measured nothing; a preliminary result is a test done
        Optional<Observation> last = tests.stream()
                .filter(o -> Dates.effective(o, at.zone()) != null && measured(o))
                .max(Comparator.comparing(o -> Dates.effective(o, at.zone())));
        if (last.isPresent() && Dates.within(Dates.effective(last.get(), at.zone()), since, asOf)) {
            return List.of();
        }
        // Tests without a date or a result close nothing; those that might have are named, so nobody wonders why.
        List<Observation> unread = tests.stream()
                .filter(o -> Dates.effective(o, at.zone()) == null
                        || (!measured(o) && Dates.within(Dates.effective(o, at.zone()), since, asOf)))
                .toList();
        List<Gap.Finding> evidence = new ArrayList<>();
        diabetes.forEach(c -> evidence.add(Gap.Finding.of(c, "diabetes")));
        last.ifPresent(o -> evidence.add(Gap.Finding.of(
                o,
                "the last HbA1c with a result, " + Dates.effectiveAsWritten(o) + ", more than " + settings.hba1cDays()
                        + " days before asOf")));
        unread.forEach(o -> evidence.add(Gap.Finding.of(o, "an HbA1c without a date or a result: not counted")));
        evidence.add(Gap.Finding.absent("an HbA1c (LOINC 4548-4 or 17856-6) with a result and a status that counts"
                + " (preliminary, final, amended, corrected), dated within " + settings.hba1cDays() + " days"));
        return List.of(new Gap(
                CareGapRule.HBA1C_OVERDUE,
                evidence,
                last.map(o -> "Active diabetes and no HbA1c since " + Dates.effectiveAsWritten(o) + " (more than "
                                        + settings.hba1cDays() + " days)")
                                .orElse("Active diabetes and no HbA1c on record")
                        + notCounted(unread.size(), "HbA1c", "result")));
    }

    private static String notCounted(int count, String test, String what) {
        if (count == 0) {
            return "";
        }
        return "; " + count + " " + test + " without a date or a " + what + (count == 1 ? " does" : " do")
                + " not count";
    }

    /** A result that counts: of a status that counts ({@link RecordStatus}), with a value. */
    private static boolean measured(Observation observation) {
        return RecordStatus.counts(observation) && hasResult(observation);
    }

    /**
     * Whether an observation holds a result: a value with something in it. A Quantity without a number, a primitive
     * without a value, or no value at all (a dataAbsentReason in its place: not performed, declined, an error) is none.
     */
    private static boolean hasResult(Observation observation) {
        Type value = observation.getValue();
        if (value instanceof Quantity quantity) {
            return quantity.getValue() != null;
        }
        if (value instanceof PrimitiveType<?> primitive) {
            return primitive.getValue() != null;
        }
        return value != null && !value.isEmpty();
    }

    /**
     * A score sent as a Quantity or as an integer (both are valid R4 and both are common); any other value, or none, is
     * no score, and so is a Quantity with a comparator ({@code <10} is no particular score).
     */
    static Optional<BigDecimal> score(Observation observation) {
        if (observation.getValue() instanceof Quantity quantity
                && quantity.getValue() != null
                && !quantity.hasComparator()) {
            return Optional.of(quantity.getValue());
        }
        if (observation.getValue() instanceof IntegerType integer && integer.getValue() != null) {
            return Optional.of(BigDecimal.valueOf(integer.getValue()));
        }
        return Optional.empty();
    }

    private static java.util.stream.Stream<Observation> phq9(PatientRecord record) {
        // a screen entered in error never happened: it neither raises a gap nor closes one
        return record.observations().stream()
                .filter(RecordStatus::counts)
                .filter(o -> Codes.hasLoinc(o.getCode(), PHQ9_TOTAL));
    }

    private static List<Condition> activeConditions(PatientRecord record, List<String> codes) {
        return record.conditions().stream()
                .filter(RecordStatus::counts)
                .filter(c -> Codes.matches(c.getCode(), codes))
                .toList();
    }

    /** The first chronic concept whose codes the condition carries; null when it carries none. */
    private static String chronicConcept(Condition condition, GapSettings settings) {
        return settings.chronicConcepts().stream()
                .filter(concept -> Codes.matches(condition.getCode(), settings.codesOf(concept)))
                .findFirst()
                .orElse(null);
    }

    private static boolean hasCoordinator(PatientRecord record, GapSettings settings) {
        return record.careTeams().stream()
                .filter(RecordStatus::counts)
                .flatMap(t -> t.getParticipant().stream())
                .flatMap(p -> p.getRole().stream())
                .anyMatch(role -> isCoordinatorRole(role, settings));
    }

    /** A role coded as coordination (whatever its words), or whose text or display names it. */
    private static boolean isCoordinatorRole(CodeableConcept role, GapSettings settings) {
        if (Codes.matches(role, settings.coordinatorRoleCodes())) {
            return true;
        }
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
        Set<String> depressionConditions = record.conditions().stream()
                .filter(RecordStatus::verified)
                .filter(c -> Codes.matches(c.getCode(), settings.codesOf(GapSettings.DEPRESSION)))
                .map(c -> Keys.of(c))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        boolean plan = record.carePlans().stream()
                .filter(RecordStatus::counts)
                .anyMatch(p -> p.getAddresses().stream()
                        .map(a -> Keys.of(a, settings.server()))
                        .anyMatch(depressionConditions::contains));
        boolean referral = record.serviceRequests().stream()
                .filter(RecordStatus::counts)
                .anyMatch(r -> r.getReasonCode().stream()
                                .anyMatch(c -> Codes.matches(c, settings.codesOf(GapSettings.DEPRESSION)))
                        || r.getReasonReference().stream()
                                .map(c -> Keys.of(c, settings.server()))
                                .anyMatch(depressionConditions::contains));
        return plan || referral;
    }
}
