package org.carerelay.registry;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.registry.rules.RegistryStatus;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** The day a registry call is judged as of (default today in the practice's zone) and the statuses it wants. */
record RegistryQuery(LocalDate asOf, Set<RegistryStatus> statuses) {

    static RegistryQuery of(DateType asOf, List<CodeType> statuses, ZoneId zone) {
        LocalDate day = asOf == null || asOf.getValue() == null ? LocalDate.now(zone) : day(asOf);
        return new RegistryQuery(day, statuses(statuses));
    }

    private static LocalDate day(DateType given) {
        if (given.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
            throw invalid("asOf '" + given.getValueAsString() + "' must be a whole day (YYYY-MM-DD)", "asOf");
        }
        try {
            return LocalDate.of(given.getYear(), given.getMonth() + 1, given.getDay());
        } catch (DateTimeException e) {
            throw invalid("asOf '" + given.getValueAsString() + "' is not a day of the calendar", "asOf");
        }
    }

    private static Set<RegistryStatus> statuses(List<CodeType> codes) {
        if (codes == null || codes.isEmpty()) {
            return EnumSet.allOf(RegistryStatus.class);
        }
        Set<RegistryStatus> wanted = EnumSet.noneOf(RegistryStatus.class);
        for (CodeType code : codes) {
            wanted.add(Arrays.stream(RegistryStatus.values())
                    .filter(s -> s.code().equals(code.getValue()))
                    .findFirst()
                    .orElseThrow(() -> invalid(
                            "Unknown status '" + code.getValue() + "'; known statuses: "
                                    + Arrays.stream(RegistryStatus.values())
                                            .map(RegistryStatus::code)
                                            .collect(Collectors.joining(", ")),
                            "status")));
        }
        return wanted;
    }

    static InvalidRequestException invalid(String message, String parameter) {
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, parameter));
    }
}
