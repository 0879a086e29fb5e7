package org.carerelay.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.carerelay.security.scopes.Permission;
import org.carerelay.security.scopes.Scope;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * A search runs narrowed to what the token may see before it runs, so that totals, counts and pages see nothing else:
 * a patient-scoped search gets the patient's compartment parameter, and a search covered by one restricted scope
 * ({@code patient/Observation.rs?category=laboratory}) gets the restriction, AND-ed with whatever the client sent. This
 * holds for plain searches and for the search entries of a batch or transaction; {@link ScopeEnforcer} refuses any
 * search that arrives without its narrowing (fail closed), and {@link ShowFilter} checks what comes out all the same.
 * (HAPI's SearchNarrowingInterceptor is not used: it rewrites the read entries of a bundle into searches.)
 */
@Component
@Interceptor
final class CompartmentNarrowing implements ServerInterceptor {

    private final Compartment compartment;

    CompartmentNarrowing(Compartment compartment) {
        this.compartment = compartment;
    }

    record Parameter(String name, String value) {}

    /** The parameters a search of this type must carry for this token. */
    List<Parameter> required(Access access, String type) {
        List<Parameter> required = new ArrayList<>();
        String patient = access.caller().patient();
        if (patient != null && access.confined(type, Permission.SEARCH)) {
            compartment.narrowing(type, patient).ifPresent(n -> required.add(new Parameter(n.name(), n.value())));
        }
        List<Scope> grants = access.covering(type, Permission.SEARCH);
        if (grants.size() == 1 && grants.get(0).restricted()) {
            grants.get(0)
                    .restriction()
                    .forEach((name, values) -> values.forEach(v -> required.add(new Parameter(name, v))));
        }
        return required;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void search(RequestDetails request) {
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE) {
            return;
        }
        Access access = Access.of(request).orElse(null);
        if (access == null
                || access.covering(request.getResourceName(), Permission.SEARCH).isEmpty()) {
            return;
        }
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameters());
        for (Parameter parameter : required(access, request.getResourceName())) {
            parameters.merge(
                    parameter.name(),
                    new String[] {parameter.value()},
                    (a, b) -> Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new));
        }
        request.setParameters(parameters);
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void bundle(RequestDetails request, RestOperationTypeEnum operation) {
        if ((operation != RestOperationTypeEnum.TRANSACTION && operation != RestOperationTypeEnum.BATCH)
                || !(request.getResource() instanceof Bundle bundle)) {
            return;
        }
        Access access = Access.of(request).orElse(null);
        if (access == null) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Bundle.BundleEntryRequestComponent call = entry.getRequest();
            if (call.getMethod() != Bundle.HTTPVerb.GET || !call.hasUrl()) {
                continue;
            }
            String url = call.getUrl().startsWith("/") ? call.getUrl().substring(1) : call.getUrl();
            String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
            if (path.matches("[A-Z][A-Za-z]+")
                    && !access.covering(path, Permission.SEARCH).isEmpty()) {
                StringBuilder narrowed = new StringBuilder(url);
                for (Parameter parameter : required(access, path)) {
                    narrowed.append(narrowed.indexOf("?") < 0 ? '?' : '&')
                            .append(URLEncoder.encode(parameter.name(), StandardCharsets.UTF_8))
                            .append('=')
                            .append(URLEncoder.encode(parameter.value(), StandardCharsets.UTF_8));
                }
                call.setUrl(narrowed.toString());
            }
        }
    }

    /** Whether the request carries every narrowing the token needs (the values may sit among others). */
    boolean narrowed(Access access, RequestDetails request) {
        Map<String, String[]> parameters = request.getParameters();
        for (Parameter parameter : required(access, request.getResourceName())) {
            String[] values = parameters.get(parameter.name());
            // the value may since have been made absolute (AuditEvent references are stored so)
            if (values == null
                    || Arrays.stream(values)
                            .noneMatch(v -> v.equals(parameter.value()) || v.endsWith("/" + parameter.value()))) {
                return false;
            }
        }
        return true;
    }
}
