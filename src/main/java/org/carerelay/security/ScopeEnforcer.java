package org.carerelay.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import java.util.Set;
import org.carerelay.security.scopes.Permission;
import org.carerelay.server.ServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Lets an interaction through only when a granted scope covers its resource type and kind (c create, r read, u
 * update, d delete, s search). Runs for every request and for every entry of a batch or transaction that is
 * dispatched as a request; writes are checked again where they are stored ({@link WriteGuard}), whatever path they
 * took.
 */
@Component
@Interceptor
final class ScopeEnforcer implements ServerInterceptor {

    private static final Set<String> PATIENT_OPERATIONS = Set.of("$everything", "$care-gaps");

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public void capture(RequestDetails request) {
        Access.of(request);
    }

    private final boolean enabled;

    ScopeEnforcer(SecurityProperties security) {
        this.enabled = security.enabled();
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void check(RequestDetails request, RestOperationTypeEnum operation) {
        Access access = Access.of(request).orElse(null);
        if (access != null) {
            check(access, request, operation);
        } else if (enabled && operation != RestOperationTypeEnum.METADATA) {
            // the filter chain lets only discovery through without a token; nothing else may reach here without one
            throw new AuthenticationException("This request needs a bearer token");
        }
    }

    private static void check(Access access, RequestDetails request, RestOperationTypeEnum operation) {
        String type = request.getResourceName();
        switch (operation) {
            case METADATA, TRANSACTION, BATCH, GET_PAGE -> {
                // discovery; bundle entries are checked one by one; a page shows what its search was allowed
            }
            case READ, VREAD, HISTORY_INSTANCE, META, GET_TAGS, VALIDATE -> instance(access, request, type);
            case SEARCH_TYPE -> search(access, request, type);
            case HISTORY_TYPE -> {
                require(access, type, Permission.SEARCH);
                if (access.confined(type, Permission.SEARCH)) {
                    throw Refusal.forbidden("The history of all " + type
                            + " resources spans every patient; a patient-scoped token may read the history of one"
                            + " resource (" + type + "/[id]/_history)");
                }
            }
            case SEARCH_SYSTEM, HISTORY_SYSTEM -> requireBeyondPatient(access, "*", Permission.SEARCH);
            case CREATE -> require(access, type, Permission.CREATE);
            case UPDATE, PATCH, META_ADD, META_DELETE, ADD_TAGS, DELETE_TAGS -> {
                // a PUT may create; where it stores, WriteGuard asks for c or u as the case is
                if (access.covering(type, Permission.UPDATE).isEmpty()
                        && access.covering(type, Permission.CREATE).isEmpty()) {
                    throw Refusal.missingScope(type, Permission.UPDATE, Access.ALL);
                }
            }
            case DELETE -> require(access, type, Permission.DELETE);
            case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER ->
                operation(access, request, operation);
            default ->
                throw Refusal.forbidden(
                        "The interaction " + operation.getCode() + " is not available to callers with a token");
        }
    }

    private static void instance(Access access, RequestDetails request, String type) {
        require(access, type, Permission.READ);
        if ("Patient".equals(type) && request.getId() != null && access.confined(type, Permission.READ)) {
            sameOrForbidden(access, request.getId().getIdPart());
        }
    }

    private static void search(Access access, RequestDetails request, String type) {
        require(access, type, Permission.SEARCH);
        if (access.confined(type, Permission.SEARCH)) {
            for (String name : request.getParameters().keySet()) {
                if (name.startsWith("_has") || (!name.startsWith("_") && name.contains("."))) {
                    throw Refusal.forbidden("A patient-scoped token cannot search with " + name
                            + ": chained and _has parameters reach beyond the patient's compartment");
                }
            }
        }
    }

    private static void operation(Access access, RequestDetails request, RestOperationTypeEnum operation) {
        String name = request.getOperation();
        String type = request.getResourceName();
        if (operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER) {
            requireBeyondPatient(access, "*", Permission.READ);
        } else if (PATIENT_OPERATIONS.contains(name) && "Patient".equals(type)) {
            if (operation == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE) {
                requireBeyondPatient(access, "Patient", Permission.SEARCH);
            } else {
                instance(access, request, type);
            }
        } else {
            require(access, type, Permission.READ);
        }
    }

    private static void require(Access access, String type, Permission permission) {
        if (access.covering(type, permission).isEmpty()) {
            throw Refusal.missingScope(type, permission, Access.ALL);
        }
    }

    private static void requireBeyondPatient(Access access, String type, Permission permission) {
        if (access.scopes().covering(type, permission, Access.BEYOND_PATIENT).isEmpty()) {
            throw Refusal.missingScope(type, permission, Access.BEYOND_PATIENT);
        }
    }

    private static void sameOrForbidden(Access access, String patientId) {
        if (!access.caller().patient().equals(patientId)) {
            throw Refusal.forbidden(
                    "The token is for Patient/" + access.caller().patient() + "; no other patient is within its reach");
        }
    }
}
