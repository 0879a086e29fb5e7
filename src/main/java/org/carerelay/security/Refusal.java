package org.carerelay.security;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.security.scopes.Context;
import org.carerelay.security.scopes.Permission;
import org.carerelay.security.scopes.Scopes;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** The 403s of scope enforcement, each saying which scope would have allowed the request. */
final class Refusal {

    private Refusal() {}

    static ForbiddenOperationException missingScope(String type, Permission permission, Set<Context> contexts) {
        String needed = contexts.stream()
                .sorted()
                .map(context -> Scopes.needed(context, type, permission))
                .collect(Collectors.joining(" or "));
        return forbidden("This request needs scope " + needed + ", which the token does not grant");
    }

    static ForbiddenOperationException forbidden(String message) {
        return new ForbiddenOperationException(message, OperationOutcomes.error(IssueType.FORBIDDEN, message));
    }
}
