package org.carerelay.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.carerelay.security.scopes.Permission;
import org.carerelay.security.scopes.Scope;
import org.carerelay.server.ServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * A search covered only by one restricted scope ({@code patient/Observation.rs?category=laboratory}) runs with the
 * restriction added to its parameters, so that totals and pages count only what the token may see. Under several
 * restricted scopes the matches are filtered one by one ({@link ShowFilter}), and counts, which would include the
 * rest, are refused.
 */
@Component
@Interceptor
final class RestrictionNarrowing implements ServerInterceptor {

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void narrow(RequestDetails request) {
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE) {
            return;
        }
        Access access = Access.of(request).orElse(null);
        if (access == null) {
            return;
        }
        List<Scope> grants = access.covering(request.getResourceName(), Permission.SEARCH);
        if (grants.isEmpty() || !grants.get(0).restricted()) {
            return;
        }
        if (grants.size() > 1) {
            if (request.getParameters().containsKey("_total")
                    || request.getParameters().containsKey("_summary")) {
                throw Refusal.forbidden("Counts are not available under several restricted scopes for "
                        + request.getResourceName() + "; search within one restriction at a time");
            }
            return;
        }
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameters());
        grants.get(0).restriction().forEach((name, values) -> {
            for (String value : values) {
                parameters.merge(
                        name,
                        new String[] {value},
                        (a, b) -> Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new));
            }
        });
        request.setParameters(parameters);
    }
}
