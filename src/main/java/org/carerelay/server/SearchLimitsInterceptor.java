package org.carerelay.server;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.Map;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/**
 * Bounds the shape of a request's parameters before a query is planned from them: every AND-ed parameter is a join
 * the database must order (200 of them kept H2's planner busy for over 20 seconds), every OR-value a disjunct. Number
 * and quantity values must be numbers within the same decimal bounds as resources, a {@code _has} must name its three
 * parts, and {@code _filter}, which this server does not enable, is refused before HAPI parses it.
 */
@Component
@Interceptor
final class SearchLimitsInterceptor implements ServerInterceptor {

    private static final String PREFIXES = "eq|ne|gt|lt|ge|le|sa|eb|ap";
    private static final String DECIMAL = "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?";

    private final int maxParameters;
    private final int maxOrValues;
    private final DecimalBounds decimals;
    private final ISearchParamRegistry searchParams;
    private final boolean filterEnabled;

    SearchLimitsInterceptor(
            CareRelayProperties properties, ISearchParamRegistry searchParams, JpaStorageSettings storageSettings) {
        CareRelayProperties.Limits limits = properties.limits();
        this.maxParameters = limits.maxSearchParameters();
        this.maxOrValues = limits.maxOrValues();
        this.decimals = new DecimalBounds(limits.maxDecimalDigits(), limits.maxDecimalExponent());
        this.searchParams = searchParams;
        this.filterEnabled = storageSettings.isFilterParameterEnabled();
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void checkParameters(RequestDetails request) {
        Map<String, String[]> parameters = request.getParameters();
        int count =
                parameters.values().stream().mapToInt(values -> values.length).sum();
        if (count > maxParameters) {
            throw tooCostly(
                    "The request has " + count + " parameters; the maximum is " + maxParameters
                            + " (carerelay.limits.max-search-parameters)",
                    null);
        }
        parameters.forEach((name, values) -> {
            checkHas(name);
            checkFilter(name);
            for (String value : values) {
                checkCharacters(name, value);
                String[] alternatives = value.split("(?<!\\\\),", -1);
                if (alternatives.length > maxOrValues) {
                    throw tooCostly(
                            "Parameter " + name + " has " + alternatives.length + " values; the maximum is "
                                    + maxOrValues + " (carerelay.limits.max-or-values)",
                            name);
                }
                if (isNumeric(request.getResourceName(), name)) {
                    for (String alternative : alternatives) {
                        checkDecimal(name, alternative);
                    }
                }
            }
        });
    }

    private void checkDecimal(String name, String value) {
        String number = value.length() > 2 && value.substring(0, 2).matches(PREFIXES) ? value.substring(2) : value;
        int bar = number.indexOf('|');
        number = bar < 0 ? number : number.substring(0, bar);
        if (number.isEmpty()) {
            return;
        }
        String problem = number.matches(DECIMAL)
                ? decimals.violation(number)
                : "'" + value + "' is not a number, with an optional prefix (" + PREFIXES.replace('|', ' ') + ")";
        if (problem != null) {
            String message = "Parameter " + name + ": " + problem;
            throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.VALUE, message, name));
        }
    }

    private boolean isNumeric(String resourceType, String name) {
        if (resourceType == null || name.contains(".")) {
            return false;
        }
        int colon = name.indexOf(':');
        String bare = colon < 0 ? name : name.substring(0, colon);
        if (bare.isEmpty() || name.endsWith(":missing")) {
            return false;
        }
        RuntimeSearchParam param = searchParams.getActiveSearchParam(
                resourceType, bare, ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH);
        return param != null
                && (param.getParamType() == RestSearchParameterTypeEnum.NUMBER
                        || param.getParamType() == RestSearchParameterTypeEnum.QUANTITY);
    }

    // HAPI fails with an IllegalArgumentException (500) on an empty part of _has:Type:reference:parameter, also at the
    // end of a chain.
    private static void checkHas(String name) {
        for (int at = name.indexOf("_has"); at >= 0; at = name.indexOf("_has", at + 1)) {
            if (at > 0 && name.charAt(at - 1) != '.') {
                continue;
            }
            String[] parts = name.substring(at).split(":", -1);
            if (parts.length < 4 || parts[1].isBlank() || parts[2].isBlank() || parts[3].isBlank()) {
                String message = "Parameter " + name + " must read _has:Type:reference:parameter, each part named";
                throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, name));
            }
        }
    }

    // A NUL reaches PostgreSQL as a query parameter it cannot take (a 500); R4's string rules apply here too.
    private static void checkCharacters(String name, String value) {
        String problem = R4Strings.violation(name + value);
        if (problem != null) {
            String message = "Parameter " + name + ": " + problem;
            throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.VALUE, message, name));
        }
    }

    // HAPI parses _filter before it finds that the parameter is disabled, and fails on many values with a 500.
    private void checkFilter(String name) {
        if (!filterEnabled && (name.equals(Constants.PARAM_FILTER) || name.startsWith(Constants.PARAM_FILTER + ":"))) {
            String message = "Parameter " + name + " is not supported by this server";
            throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message, name));
        }
    }

    private static InvalidRequestException tooCostly(String message, String parameter) {
        return new InvalidRequestException(
                message,
                parameter == null
                        ? OperationOutcomes.error(IssueType.TOOCOSTLY, message)
                        : OperationOutcomes.error(IssueType.TOOCOSTLY, message, parameter));
    }
}
