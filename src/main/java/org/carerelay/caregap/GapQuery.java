package org.carerelay.caregap;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.caregap.rules.AsOf;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * What a {@code $care-gaps} call asks, whether for one patient or a population: the day the record is judged as of (a
 * calendar day in the practice's zone, {@code carerelay.time-zone}), the instant the call was made, and the rules to
 * apply.
 */
record GapQuery(LocalDate day, ZoneId zone, Instant now, Set<CareGapRule> rules) {

    /** {@code asOf} wins over DEQM's {@code periodEnd}; without either, today in the practice's zone. */
    static GapQuery of(
            DateType asOf,
            DateType periodEnd,
            List<CodeType> rules,
            List<CodeType> statuses,
            ZoneId zone,
            Instant now) {
        checkStatuses(statuses);
        boolean useAsOf = asOf != null && asOf.getValue() != null;
        DateType given = useAsOf ? asOf : periodEnd;
        // the day as written: a FHIR date names a calendar day, never an instant in the JVM's zone
        LocalDate day = given != null && given.getValue() != null
                ? day(given, useAsOf ? "asOf" : "periodEnd")
                : LocalDate.ofInstant(now, zone);
        return new GapQuery(day, zone, now, rules(rules));
    }

    // HAPI's DateType is lenient (1000-02-29 rolls over to 1 March), the calendar is not: a day that does not exist is
    // the client's mistake, named as such rather than a 500.
    private static LocalDate day(DateType given, String parameter) {
        try {
            return LocalDate.of(given.getYear(), given.getMonth() + 1, given.getDay());
        } catch (DateTimeException e) {
            String message =
                    parameter + " '" + given.getValueAsString() + "' is not a day of the calendar: " + e.getMessage();
            throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, parameter));
        }
    }

    /** The end of the day (anything dated that day counts) and the evaluation instant hour rules measure to. */
    AsOf asOf() {
        return AsOf.day(day, zone, now);
    }

    private static void checkStatuses(List<CodeType> statuses) {
        if (statuses == null) {
            return;
        }
        for (CodeType status : statuses) {
            if (!"open-gap".equals(status.getValue())) {
                throw invalid("status '" + status.getValue() + "' is not supported: CareRelay reports open gaps only"
                        + " (status=open-gap)");
            }
        }
    }

    private static Set<CareGapRule> rules(List<CodeType> codes) {
        if (codes == null || codes.isEmpty()) {
            return EnumSet.allOf(CareGapRule.class);
        }
        Set<CareGapRule> rules = EnumSet.noneOf(CareGapRule.class);
        for (CodeType code : codes) {
            rules.add(Arrays.stream(CareGapRule.values())
                    .filter(rule -> rule.code().equals(code.getValue()))
                    .findFirst()
                    .orElseThrow(() -> invalid("Unknown rule '" + code.getValue() + "'; known rules: "
                            + Arrays.stream(CareGapRule.values())
                                    .map(CareGapRule::code)
                                    .collect(Collectors.joining(", ")))));
        }
        return rules;
    }

    static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message));
    }
}
