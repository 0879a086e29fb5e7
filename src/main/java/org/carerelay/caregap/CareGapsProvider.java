package org.carerelay.caregap;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.caregap.rules.CareGapEvaluator;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.Gap;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.server.OperationProvider;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/** {@code Patient/[id]/$care-gaps}: one patient's open care gaps as a DEQM gaps-in-care report. */
@Component
final class CareGapsProvider implements OperationProvider {

    private final DaoPatientRecords records;
    private final CareGapEvaluator evaluator;

    CareGapsProvider(DaoPatientRecords records, CareGapProperties properties) {
        this.records = records;
        this.evaluator = new CareGapEvaluator(properties.settings());
    }

    @Operation(name = "$care-gaps", type = Patient.class, idempotent = true)
    public Parameters careGaps(
            @IdParam IdType patientId,
            @OperationParam(name = "asOf", max = 1) DateType asOf,
            @OperationParam(name = "periodEnd", max = 1) DateType periodEnd,
            @OperationParam(name = "periodStart", max = 1) DateType periodStart,
            @OperationParam(name = "rule") List<CodeType> rules,
            @OperationParam(name = "status") List<CodeType> statuses,
            RequestDetails request) {
        checkStatuses(statuses);
        Set<CareGapRule> selected = rules(rules);
        Date when = endOfDay(asOf != null ? asOf : periodEnd);
        PatientRecord record = records.load(patientId, request);
        List<Gap> gaps = evaluator.evaluate(record, when, selected);
        Parameters result = new Parameters();
        if (!gaps.isEmpty()) {
            result.addParameter()
                    .setName("return")
                    .setResource(GapReport.document(record.patient(), gaps, when, request.getFhirServerBase()));
        }
        return result;
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

    /** The end of the given day in UTC, or now when no day is given. */
    private static Date endOfDay(DateType day) {
        if (day == null || day.getValue() == null) {
            return new Date();
        }
        LocalDate date = LocalDate.of(day.getYear(), day.getMonth() + 1, day.getDay());
        return Date.from(
                date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1));
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message));
    }
}
