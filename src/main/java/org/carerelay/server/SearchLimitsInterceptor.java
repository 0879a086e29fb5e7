package org.carerelay.server;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
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
 * and quantity values are held to the same decimal bounds as resources, and a {@code _has} must name its three parts.
 */
@Component
@Interceptor
final class SearchLimitsInterceptor implements ServerInterceptor {

    private static final String PREFIXES = "eq|ne|gt|lt|ge|le|sa|eb|ap";

    private final int maxParameters;
    private final int maxOrValues;
    private final DecimalBounds decimals;
    private final ISearchParamRegistry searchParams;

    SearchLimitsInterceptor(CareRelayProperties properties, ISearchParamRegistry searchParams) {
        CareRelayProperties.Limits limits = properties.limits();
        this.maxParameters = limits.maxSearchParameters();
        this.maxOrValues = limits.maxOrValues();
        this.decimals = new DecimalBounds(limits.maxDecimalDigits(), limits.maxDecimalExponent());
        this.searchParams = searchParams;
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
            for (String value : values) {
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
        String problem = decimals.violation(bar < 0 ? number : number.substring(0, bar));
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
        if (bare.isEmpty()) {
            return false;
        }
        RuntimeSearchParam param = searchParams.getActiveSearchParam(
                resourceType, bare, ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH);
        return param != null
                && (param.getParamType() == RestSearchParameterTypeEnum.NUMBER
                        || param.getParamType() == RestSearchParameterTypeEnum.QUANTITY);
    }

    // HAPI fails with an IllegalArgumentException (500) on an empty part of _has:Type:reference:parameter.
    private static void checkHas(String name) {
        if (!name.startsWith("_has")) {
            return;
        }
        String[] parts = name.split(":", -1);
        for (String part : parts) {
            if (parts.length < 4 || part.isBlank()) {
                String message = "Parameter " + name + " must read _has:Type:reference:parameter, each part named";
                throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, name));
            }
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
