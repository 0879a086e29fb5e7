package org.carerelay.conflict;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.caregap.rules.AsOf;
import org.carerelay.conflict.rules.ConflictRule;
import org.carerelay.conflict.rules.Days;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * What a {@code $plan-conflicts} call asks: the day judged as of (a calendar day in {@code carerelay.time-zone},
 * default today), the instant of the call, and the rules to apply (default all).
 */
record ConflictQuery(LocalDate day, ZoneId zone, Instant now, Set<ConflictRule> rules) {

    static ConflictQuery of(DateType asOf, List<CodeType> rules, ZoneId zone, Instant now) {
        LocalDate day = asOf != null && asOf.getValue() != null ? day(asOf) : LocalDate.ofInstant(now, zone);
        return new ConflictQuery(day, zone, now, rules(rules));
    }

    Days days() {
        return new Days(day, zone);
    }

    /** The end of the day judged: the records are read as they stood then. */
    Date end() {
        return AsOf.day(day, zone, now).endOfDay();
    }

    private static LocalDate day(DateType given) {
        if (given.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
            throw invalid("asOf '" + given.getValueAsString() + "' must be a whole day (YYYY-MM-DD)", "asOf");
        }
        try {
            return LocalDate.of(given.getYear(), given.getMonth() + 1, given.getDay());
        } catch (DateTimeException | NullPointerException e) {
            throw invalid("asOf '" + given.getValueAsString() + "' is not a day of the calendar", "asOf");
        }
    }

    private static Set<ConflictRule> rules(List<CodeType> codes) {
        if (codes == null || codes.isEmpty()) {
            return EnumSet.allOf(ConflictRule.class);
        }
        Set<ConflictRule> rules = EnumSet.noneOf(ConflictRule.class);
        for (CodeType code : codes) {
            rules.add(Arrays.stream(ConflictRule.values())
                    .filter(rule -> rule.code().equals(code.getValue()))
                    .findFirst()
                    .orElseThrow(() -> invalid(
                            "Unknown rule '" + code.getValue() + "'; known rules: "
                                    + Arrays.stream(ConflictRule.values())
                                            .map(ConflictRule::code)
                                            .collect(Collectors.joining(", ")),
                            "rule")));
        }
        return rules;
    }

    static InvalidRequestException invalid(String message, String parameter) {
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, parameter));
    }
}
