package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Set;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/**
 * Operations HAPI's JPA providers bring along that erase or rewrite data in bulk or load the server down. With no
 * authentication in front of the server yet, any caller could run them, so they are refused (403) and left out of the
 * CapabilityStatement.
 */
@Component
@Interceptor
final class DisabledOperationsInterceptor implements ServerInterceptor {

    static final Set<String> DISABLED = Set.of(
            "expunge",
            "mark-all-resources-for-reindexing",
            "perform-reindexing-pass",
            "reindex",
            "reindex-dryrun",
            "reindex-terminology",
            "invalidate-expansion",
            "hapi.fhir.merge",
            "hapi.fhir.undo-merge",
            "hapi.fhir.replace-references",
            "hapi.fhir.undo-replace-references");

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void refuseDisabledOperations(RequestDetails request) {
        String operation = request.getOperation();
        if (operation != null && DISABLED.contains(operation.replaceFirst("^\\$", ""))) {
            String message = "Operation " + operation + " is disabled on this server";
            throw new ForbiddenOperationException(message, OperationOutcomes.error(IssueType.FORBIDDEN, message));
        }
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void hideDisabledOperations(IBaseConformance generated) {
        CapabilityStatement capabilities = (CapabilityStatement) generated;
        for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
            rest.getOperation().removeIf(op -> DISABLED.contains(op.getName()));
            rest.getResource()
                    .forEach(resource -> resource.getOperation().removeIf(op -> DISABLED.contains(op.getName())));
        }
    }
}
