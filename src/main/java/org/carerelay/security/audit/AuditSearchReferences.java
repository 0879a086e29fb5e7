package org.carerelay.security.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.server.ServerInterceptor;

/**
 * AuditEvents name resources by absolute URL on this server's base (see {@link CallerAgents}), so a search by
 * {@code patient}, {@code agent} or {@code entity} must name them so too. A relative value ({@code Patient/123}, or
 * just {@code 123} for a patient) is read against the base: as people write it, and as the patient scope's narrowing
 * adds it, which therefore still finds the token's own patient and only that patient. Runs after that narrowing.
 */
@Interceptor
final class AuditSearchReferences implements ServerInterceptor {

    private static final Set<String> REFERENCES = Set.of("patient", "agent", "entity");

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = AuditCapture.AFTER_AUTHORIZATION)
    public void absolute(RequestDetails request) {
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE
                || !"AuditEvent".equals(request.getResourceName())
                || request.getFhirServerBase() == null) {
            return;
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> {
            String[] nameAndModifier = name.split(":", 2);
            boolean reference = REFERENCES.contains(nameAndModifier[0]) && !name.contains(".");
            String type = nameAndModifier.length > 1
                    ? nameAndModifier[1]
                    : "patient".equals(nameAndModifier[0]) ? "Patient" : null;
            parameters.put(
                    name,
                    reference
                            ? Arrays.stream(values)
                                    .map(value -> absolute(value, request.getFhirServerBase(), type))
                                    .toArray(String[]::new)
                            : values);
        });
        request.setParameters(parameters);
    }

    /** Each of a comma-separated list of references, made absolute unless it is. */
    static String absolute(String values, String base, String type) {
        return Arrays.stream(values.split(",", -1))
                .map(value -> {
                    if (value.isEmpty() || value.contains("://")) {
                        return value;
                    }
                    if (!value.contains("/")) {
                        return type == null || !Character.isUpperCase(type.charAt(0))
                                ? value
                                : base + "/" + type + "/" + value;
                    }
                    return base + "/" + value;
                })
                .collect(Collectors.joining(","));
    }
}
