package org.carerelay.exchange;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.List;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Refuses an export kick-off whose {@code _typeFilter} is malformed (400, naming each filter), see {@link TypeFilters}. */
@Interceptor
final class ExportRequests implements ServerInterceptor {

    private final FhirContext fhirContext;

    ExportRequests(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void check(RequestDetails request) {
        String[] filters = request.getParameters().get("_typeFilter");
        if (!"$export".equals(request.getOperation()) || filters == null) {
            return;
        }
        String[] types = request.getParameters().getOrDefault("_type", new String[0]);
        List<String> exported = Arrays.stream(types)
                .flatMap(t -> Arrays.stream(t.split(",")))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .toList();
        List<String> problems = TypeFilters.problems(List.of(filters), fhirContext.getResourceTypes(), exported);
        if (!problems.isEmpty()) {
            OperationOutcome outcome = new OperationOutcome();
            problems.forEach(
                    problem -> outcome.addIssue(OperationOutcomes.error(IssueType.INVALID, problem, "_typeFilter")
                            .getIssueFirstRep()));
            throw new InvalidRequestException(String.join("; ", problems), outcome);
        }
    }
}
