package org.carerelay.caregap;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.PrimitiveType;

/**
 * The rules a DEQM client names as Measures: by id (the rule code), by canonical
 * ({@code https://carerelay.org/fhir/Measure/<code>}, a {@code |version} ignored) or by identifier (the rule code, with
 * or without the care-gap-rule system). A Measure this server does not publish is the client's mistake, named with the
 * parameter that carried it.
 */
final class MeasureSelection {

    private MeasureSelection() {}

    /** The rule codes named, in the form {@link GapQuery} takes; none named means every rule. */
    static List<CodeType> rules(
            List<? extends PrimitiveType<String>> ids,
            List<? extends PrimitiveType<String>> urls,
            List<? extends PrimitiveType<String>> identifiers) {
        List<CodeType> rules = new ArrayList<>();
        for (PrimitiveType<String> id : given(ids)) {
            rules.add(known("measureId", id.getValue(), byCode(id.getValue())));
        }
        for (PrimitiveType<String> url : given(urls)) {
            String canonical = url.getValue();
            int bar = canonical.indexOf('|');
            String unversioned = bar < 0 ? canonical : canonical.substring(0, bar);
            rules.add(known(
                    "measureUrl",
                    canonical,
                    Arrays.stream(CareGapRule.values())
                            .filter(rule -> CareGapDefinitions.measureUrl(rule).equals(unversioned))
                            .findFirst()));
        }
        for (PrimitiveType<String> identifier : given(identifiers)) {
            String value = identifier.getValue();
            int bar = value.lastIndexOf('|');
            boolean ours = bar < 0 || bar == 0 || value.substring(0, bar).equals(GapReport.CARE_GAP_RULE);
            rules.add(known("measureIdentifier", value, ours ? byCode(value.substring(bar + 1)) : Optional.empty()));
        }
        return rules;
    }

    private static <T extends PrimitiveType<String>> List<T> given(List<T> values) {
        return values == null
                ? List.of()
                : values.stream().filter(PrimitiveType::hasValue).toList();
    }

    private static Optional<CareGapRule> byCode(String code) {
        return Arrays.stream(CareGapRule.values())
                .filter(rule -> rule.code().equals(code))
                .findFirst();
    }

    private static CodeType known(String parameter, String value, Optional<CareGapRule> rule) {
        return rule.map(r -> new CodeType(r.code())).orElseThrow(() -> unknown(parameter, value));
    }

    private static InvalidRequestException unknown(String parameter, String value) {
        String message = parameter + " '" + value + "' names no Measure of this server; its Measures are the care-gap"
                + " rules "
                + Arrays.stream(CareGapRule.values()).map(CareGapRule::code).collect(Collectors.joining(", "))
                + " (id = code, url = https://carerelay.org/fhir/Measure/<code>)";
        return new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTFOUND, message, parameter));
    }
}
