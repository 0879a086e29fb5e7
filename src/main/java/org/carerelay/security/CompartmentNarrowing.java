package org.carerelay.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.carerelay.security.scopes.Permission;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * A patient-scoped search is narrowed to the patient before it runs: the compartment parameter is added (AND-ed with
 * whatever the client sent), to plain searches and to the search entries of a batch or transaction, so that totals,
 * counts and pages see only that patient. {@link ShowFilter} checks what comes out all the same. (HAPI's
 * SearchNarrowingInterceptor is not used: it rewrites the read entries of a bundle, {@code Observation/1}, into
 * searches.)
 */
@Component
@Interceptor
final class CompartmentNarrowing implements ServerInterceptor {

    private final FhirContext fhirContext;

    CompartmentNarrowing(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void search(RequestDetails request) {
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE) {
            return;
        }
        Access.of(request)
                .flatMap(access -> narrowing(access, request.getResourceName()))
                .ifPresent(narrowing -> {
                    Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameters());
                    parameters.merge(
                            narrowing.name(),
                            new String[] {narrowing.value()},
                            (a, b) -> Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new));
                    request.setParameters(parameters);
                });
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
            if (path.matches("[A-Z][A-Za-z]+")) {
                narrowing(access, path)
                        .ifPresent(narrowing -> call.setUrl(url + (url.contains("?") ? "&" : "?") + narrowing.name()
                                + "=" + URLEncoder.encode(narrowing.value(), StandardCharsets.UTF_8)));
            }
        }
    }

    private Optional<Parameter> narrowing(Access access, String type) {
        String patient = access.caller().patient();
        if (patient == null || !access.confined(type, Permission.SEARCH)) {
            return Optional.empty();
        }
        if ("Patient".equals(type)) {
            return Optional.of(new Parameter("_id", patient));
        }
        List<String> names =
                fhirContext.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").stream()
                        .map(RuntimeSearchParam::getName)
                        .toList();
        if (names.isEmpty()) {
            return Optional.empty();
        }
        String name = names.contains("patient") ? "patient" : names.contains("subject") ? "subject" : names.get(0);
        return Optional.of(new Parameter(name, "Patient/" + patient));
    }

    private record Parameter(String name, String value) {}
}
