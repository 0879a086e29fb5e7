package org.carerelay.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import java.util.List;
import java.util.Set;
import org.carerelay.security.scopes.Permission;
import org.carerelay.security.scopes.Scope;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
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

    private static final Set<String> PATIENT_OPERATIONS =
            Set.of("$everything", "$care-gaps", "$depression-registry", "$plan-conflicts", "$summary");
    private static final Set<String> EXPORT_OPERATIONS = Set.of("$export", ExportGuard.POLL);
    private static final Set<String> META_CHANGES = Set.of("$meta-add", "$meta-delete");

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public void capture(RequestDetails request) {
        Access.of(request);
    }

    private final boolean enabled;
    private final Compartment compartment;
    private final CompartmentNarrowing narrowing;
    private final FhirContext fhirContext;

    ScopeEnforcer(
            SecurityProperties security,
            Compartment compartment,
            CompartmentNarrowing narrowing,
            FhirContext fhirContext) {
        this.enabled = security.enabled();
        this.fhirContext = fhirContext;
        this.compartment = compartment;
        this.narrowing = narrowing;
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

    private void check(Access access, RequestDetails request, RestOperationTypeEnum operation) {
        String type = request.getResourceName();
        switch (operation) {
            case TRANSACTION, BATCH -> bundleWrites(access, request);
            case METADATA, GET_PAGE -> {
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
            case CREATE -> {
                require(access, type, Permission.CREATE);
                unconditional(access, request, type, Permission.CREATE, request.getHeader("If-None-Exist"));
            }
            case UPDATE, PATCH, META_ADD, META_DELETE, ADD_TAGS, DELETE_TAGS -> {
                // a PUT may create; where it stores, WriteGuard asks for c or u as the case is
                if (access.covering(type, Permission.UPDATE).isEmpty()
                        && access.covering(type, Permission.CREATE).isEmpty()) {
                    throw Refusal.missingScope(type, Permission.UPDATE, Access.ALL);
                }
                unconditional(access, request, type, Permission.UPDATE, request.getConditionalUrl(operation));
            }
            case DELETE -> {
                require(access, type, Permission.DELETE);
                unconditional(access, request, type, Permission.DELETE, request.getConditionalUrl(operation));
            }
            case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER ->
                operation(access, request, operation);
            default ->
                throw Refusal.forbidden(
                        "The interaction " + operation.getCode() + " is not available to callers with a token");
        }
    }

    private void instance(Access access, RequestDetails request, String type) {
        if ("Binary".equals(type) && access.covering(type, Permission.READ).isEmpty()) {
            // an export file is its client's to read without a Binary scope; ShowFilter refuses any other Binary
            return;
        }
        require(access, type, Permission.READ);
        if ("Patient".equals(type) && request.getId() != null && access.confined(type, Permission.READ)) {
            sameOrForbidden(access, request.getId().getIdPart());
        }
    }

    private void search(Access access, RequestDetails request, String type) {
        require(access, type, Permission.SEARCH);
        if (!narrowing.narrowed(access, request)) {
            // a search that took a path around the narrowing (an odd bundle entry URL, say) is not run at all
            throw Refusal.forbidden("This search of " + type + " would reach beyond what the token may see; send it"
                    + " as a plain search (" + type + "?...)");
        }
        List<Scope> grants = access.covering(type, Permission.SEARCH);
        if (grants.size() > 1
                && grants.get(0).restricted()
                && (request.getParameters().containsKey("_total")
                        || request.getParameters().containsKey("_summary"))) {
            throw Refusal.forbidden("Counts are not available under several restricted scopes for " + type
                    + "; search within one restriction at a time");
        }
        if (access.confined(type, Permission.SEARCH)) {
            for (String name : request.getParameters().keySet()) {
                if (name.startsWith("_has") || (!name.startsWith("_") && name.contains("."))) {
                    throw Refusal.forbidden("A patient-scoped token cannot search with " + name
                            + ": chained and _has parameters reach beyond the patient's compartment");
                }
            }
        }
    }

    private void operation(Access access, RequestDetails request, RestOperationTypeEnum operation) {
        String name = request.getOperation();
        String type = request.getResourceName();
        if (EXPORT_OPERATIONS.contains(name)) {
            // which types an export may reach is checked when it starts (ExportGuard), with the types resolved
            if (access.scopes().grants().stream().noneMatch(g -> Access.BEYOND_PATIENT.contains(g.context()))) {
                throw Refusal.forbidden("Bulk export is for system/ (Backend Services) and user/ scopes;"
                        + " a patient/ scope never exports");
            }
            if ("Group".equals(type)) {
                requireBeyondPatient(access, "Group", Permission.READ);
            }
        } else if (META_CHANGES.contains(name)) {
            // $meta-add and $meta-delete change a resource without passing the storage hooks WriteGuard sits on
            require(access, type, Permission.UPDATE);
            if ("AuditEvent".equals(type) || access.confined(type, Permission.UPDATE)) {
                throw Refusal.forbidden(name + " is not available on " + type + " to this token");
            }
        } else if ("$meta".equals(name) && !"Patient".equals(type) && access.confined(type, Permission.READ)) {
            throw Refusal.forbidden("$meta is not available to a patient-scoped token; read the resource instead");
        } else if (operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER) {
            requireBeyondPatient(access, "*", Permission.READ);
        } else if ("$care-gaps".equals(name) && "Measure".equals(type)) {
            // DEQM's entry point to the population's care gaps: the same reach as Patient/$care-gaps
            requireBeyondPatient(access, "Patient", Permission.SEARCH);
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

    private void require(Access access, String type, Permission permission) {
        if (access.covering(type, permission).isEmpty()) {
            throw Refusal.missingScope(type, permission, Access.ALL);
        }
        if (access.confined(type, permission) && !compartment.reachable(type)) {
            throw Refusal.forbidden("A patient-scoped token cannot reach " + type
                    + " resources: they do not say which patient they belong to");
        }
    }

    /** The write entries of a bundle, held to {@link #unconditional} like single writes. */
    private void bundleWrites(Access access, RequestDetails request) {
        if (!(request.getResource() instanceof Bundle bundle)) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Bundle.BundleEntryRequestComponent call = entry.getRequest();
            if (call.getMethod() == null || call.getMethod() == Bundle.HTTPVerb.GET || !call.hasUrl()) {
                continue;
            }
            String type = call.getUrl().replaceAll("^/", "").split("[/?]")[0];
            if (!fhirContext.getResourceTypes().contains(type)) {
                continue;
            }
            String conditional = call.hasIfNoneExist()
                    ? call.getIfNoneExist()
                    : call.getUrl().contains("?") ? call.getUrl() : null;
            unconditional(access, entry.getResource(), type, Permission.CREATE, conditional);
        }
    }

    /**
     * A patient-scoped token writes by id only: a conditional URL ({@code If-None-Exist}, {@code PUT Type?...}) or a
     * reference given as a search ({@code Patient?identifier=...}) would run a search across every patient, whose
     * outcome the answer reveals.
     */
    private void unconditional(
            Access access, RequestDetails request, String type, Permission permission, String conditionalUrl) {
        unconditional(access, request.getResource(), type, permission, conditionalUrl);
    }

    private void unconditional(
            Access access, IBaseResource resource, String type, Permission permission, String conditionalUrl) {
        if (!access.confined(type, permission)) {
            return;
        }
        boolean searchReference = resource != null
                && fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class).stream()
                        .anyMatch(r ->
                                r.getReference() != null && r.getReference().contains("?"));
        if ((conditionalUrl != null && !conditionalUrl.isBlank()) || searchReference) {
            throw Refusal.forbidden("A patient-scoped token writes by id: conditional writes and references given as"
                    + " searches would search beyond the patient's compartment");
        }
    }

    private void requireBeyondPatient(Access access, String type, Permission permission) {
        if (access.scopes().covering(type, permission, Access.BEYOND_PATIENT).isEmpty()) {
            throw Refusal.missingScope(type, permission, Access.BEYOND_PATIENT);
        }
    }

    private void sameOrForbidden(Access access, String patientId) {
        if (!access.caller().patient().equals(patientId)) {
            throw Refusal.forbidden(
                    "The token is for Patient/" + access.caller().patient() + "; no other patient is within its reach");
        }
    }
}
