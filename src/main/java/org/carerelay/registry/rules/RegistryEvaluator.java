package org.carerelay.registry.rules;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.carerelay.caregap.rules.RecordStatus;
import org.carerelay.fhir.CodeLists;
import org.carerelay.fhir.ObservationValues;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * Puts a patient on the collaborative-care registry (a current depression diagnosis, or a PHQ-9 of the threshold or
 * more) and says where they stand as of a day. The baseline is the first PHQ-9 at or above the threshold (else the
 * first PHQ-9); weeks in care count from it (else from the diagnosis). The status, first that applies:
 * {@code no-recent-contact} (no encounter or PHQ-9 within contact-days), {@code new} (no PHQ-9 after the baseline),
 * {@code remission} (latest below remission-below), {@code response} (latest at least response-drop-percent below
 * baseline), {@code not-improving} (case-review-weeks or more in care), else {@code improving}.
 */
public final class RegistryEvaluator {

    private static final Set<String> CURRENT = Set.of("active", "recurrence", "relapse");
    private static final Set<String> NOT_VERIFIED = Set.of("refuted", "entered-in-error");

    private final RegistrySettings settings;
    private final ZoneId zone;

    public RegistryEvaluator(RegistrySettings settings, ZoneId zone) {
        this.settings = settings;
        this.zone = zone;
    }

    public Optional<RegistryEntry> evaluate(RegistryRecord record, LocalDate asOf) {
        // active may carry only an extension (a data-absent-reason): that is no statement that the record is inactive
        if (Boolean.FALSE.equals(record.patient().getActiveElement().getValue())) {
            return Optional.empty();
        }
        if (deceased(record, asOf)) {
            return Optional.empty();
        }
        record Score(LocalDate day, int value) {}
        List<Score> scores = new ArrayList<>();
        for (Observation o : record.phq9()) {
            LocalDate day =
                    o.hasEffectiveDateTimeType() ? day(o.getEffectiveDateTimeType()) : day(o.getIssuedElement());
            BigDecimal value = ObservationValues.number(o);
            if (isPhq9(o.getCode())
                    && RecordStatus.of(o).closes()
                    && value != null
                    && day != null
                    && !day.isAfter(asOf)) {
                scores.add(new Score(day, value.intValue()));
            }
        }
        scores.sort(Comparator.comparing(Score::day));
        LocalDate diagnosed = record.conditions().stream()
                .filter(this::isCurrentDepression)
                .map(this::diagnosedOn)
                .filter(d -> d == null || !d.isAfter(asOf))
                .map(d -> d == null ? LocalDate.MAX : d)
                .min(Comparator.naturalOrder())
                .orElse(null);
        Score baseline = scores.stream()
                .filter(s -> s.value() >= settings.phq9Threshold())
                .findFirst()
                .orElse(scores.isEmpty() ? null : scores.get(0));
        if (diagnosed == null && (baseline == null || baseline.value() < settings.phq9Threshold())) {
            return Optional.empty();
        }
        Score latest = baseline == null
                ? null
                : scores.stream()
                        .filter(s -> !s.day().isBefore(baseline.day()))
                        .reduce((a, b) -> b)
                        .orElse(baseline);
        LocalDate start = baseline != null ? baseline.day() : diagnosed == LocalDate.MAX ? null : diagnosed;
        Integer weeks = start == null ? null : (int) (ChronoUnit.DAYS.between(start, asOf) / 7);
        LocalDate lastContact = lastContact(
                record, scores.isEmpty() ? null : scores.get(scores.size() - 1).day(), asOf);
        LocalDate due = lastContact == null ? null : lastContact.plusDays(settings.contactDays());

        RegistryStatus status;
        if (due == null || asOf.isAfter(due)) {
            status = RegistryStatus.NO_RECENT_CONTACT;
        } else if (baseline == null || latest == baseline) {
            status = RegistryStatus.NEW;
        } else if (latest.value() < settings.remissionBelow()) {
            status = RegistryStatus.REMISSION;
        } else if (latest.value() * 100 <= baseline.value() * (100 - settings.responseDropPercent())) {
            status = RegistryStatus.RESPONSE;
        } else if (weeks != null && weeks >= settings.caseReviewWeeks()) {
            status = RegistryStatus.NOT_IMPROVING;
        } else {
            status = RegistryStatus.IMPROVING;
        }
        return Optional.of(new RegistryEntry(
                "Patient/" + record.patient().getIdElement().getIdPart(),
                status,
                baseline == null ? null : baseline.value(),
                baseline == null ? null : baseline.day(),
                latest == null ? null : latest.value(),
                latest == null ? null : latest.day(),
                weeks,
                lastContact,
                due,
                member(record, settings.careManagerRoles()),
                member(record, settings.psychiatricConsultantRoles())));
    }

    private boolean deceased(RegistryRecord record, LocalDate asOf) {
        var patient = record.patient();
        if (patient.hasDeceasedBooleanType()) {
            return Boolean.TRUE.equals(patient.getDeceasedBooleanType().getValue());
        }
        if (patient.hasDeceasedDateTimeType()) {
            LocalDate died = day(patient.getDeceasedDateTimeType());
            return died != null && !died.isAfter(asOf);
        }
        return false;
    }

    private LocalDate lastContact(RegistryRecord record, LocalDate lastScore, LocalDate asOf) {
        LocalDate last = lastScore;
        for (Encounter encounter : record.encounters()) {
            LocalDate day = day(encounter.getPeriod().getStartElement());
            if (day != null && !day.isAfter(asOf) && RecordStatus.of(encounter).closes()) {
                last = last == null || day.isAfter(last) ? day : last;
            }
        }
        return last;
    }

    private boolean isCurrentDepression(Condition condition) {
        boolean current = condition.getClinicalStatus().getCoding().stream()
                .anyMatch(c -> c.getCode() != null && CURRENT.contains(c.getCode()));
        boolean verified = condition.getVerificationStatus().getCoding().stream()
                .noneMatch(c -> c.getCode() != null && NOT_VERIFIED.contains(c.getCode()));
        return current
                && verified
                && !condition.hasAbatement()
                && CodeLists.matches(condition.getCode(), settings.depressionCodes());
    }

    /** The onset, else the recorded date; null when the condition has neither (it still counts, undated). */
    private LocalDate diagnosedOn(Condition condition) {
        if (condition.hasOnsetDateTimeType()) {
            return day(condition.getOnsetDateTimeType());
        }
        return day(condition.getRecordedDateElement());
    }

    private Reference member(RegistryRecord record, List<String> roles) {
        for (CareTeam team : record.careTeams()) {
            if (!RecordStatus.of(team).counts()) {
                continue;
            }
            for (var participant : team.getParticipant()) {
                if (participant.getMember().hasReference()
                        && participant.getRole().stream().anyMatch(role -> named(role, roles))) {
                    return participant.getMember().copy();
                }
            }
        }
        return null;
    }

    private static boolean named(CodeableConcept role, List<String> words) {
        List<String> texts = new ArrayList<>();
        texts.add(role.getText());
        role.getCoding().forEach(c -> {
            texts.add(c.getDisplay());
            texts.add(c.getCode());
        });
        return texts.stream()
                .filter(Objects::nonNull)
                .map(t -> t.toLowerCase(Locale.ROOT))
                .anyMatch(t -> words.stream().anyMatch(w -> t.contains(w.toLowerCase(Locale.ROOT))));
    }

    static boolean isPhq9(CodeableConcept code) {
        return code.getCoding().stream()
                .anyMatch(
                        c -> RegistrySettings.LOINC.equals(c.getSystem()) && RegistrySettings.PHQ9.equals(c.getCode()));
    }

    /** The calendar day of a date or date-time in the practice's zone (a time without a zone is local time). */
    LocalDate day(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            int month = value.getPrecision() == TemporalPrecisionEnum.YEAR ? 0 : value.getMonth();
            int day = value.getPrecision() == TemporalPrecisionEnum.DAY ? value.getDay() : 1;
            return LocalDate.of(value.getYear(), month + 1, day);
        }
        String written = value.getValueAsString();
        if (written.endsWith("Z") || written.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return LocalDate.ofInstant(value.getValue().toInstant(), zone);
        }
        return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
    }
}
