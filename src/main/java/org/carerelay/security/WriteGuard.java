package org.carerelay.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.carerelay.security.scopes.Permission;
import org.carerelay.security.scopes.Scope;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Checks every write where it is stored, so no path around it exists (PUT, PATCH, conditional writes, transaction and
 * batch entries, delete then re-create): the token must grant the kind of write on the type, a patient-scoped token
 * writes only inside its patient's compartment (before and after the change), and a restricted scope only resources
 * that match its restriction.
 */
@Component
@Interceptor
final class WriteGuard implements ServerInterceptor {

    private final FhirContext fhirContext;
    private final Compartment compartment;
    private final Restrictions restrictions;

    WriteGuard(FhirContext fhirContext, Compartment compartment, Restrictions restrictions) {
        this.fhirContext = fhirContext;
        this.compartment = compartment;
        this.restrictions = restrictions;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        check(request, Permission.CREATE, resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (!deleted(previous)) {
            // what the write replaces must have been within reach too
            check(request, Permission.UPDATE, previous);
        }
        check(request, Permission.UPDATE, resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void deleted(IBaseResource resource, RequestDetails request) {
        check(request, Permission.DELETE, resource);
    }

    /** A deleted resource being re-created: nothing of it remains to protect but its id. */
    private static boolean deleted(IBaseResource previous) {
        if (previous == null
                || (previous instanceof IAnyResource any && ResourceMetadataKeyEnum.DELETED_AT.get(any) != null)) {
            return true;
        }
        if (previous instanceof Resource resource) {
            Resource bare = resource.copy();
            bare.setIdElement(null);
            bare.setMeta(null);
            return bare.isEmpty();
        }
        return false;
    }

    private void check(RequestDetails request, Permission permission, IBaseResource resource) {
        Access access = Access.of(request).orElse(null);
        if (access == null) {
            return;
        }
        String type = fhirContext.getResourceType(resource);
        List<Scope> grants = access.covering(type, permission);
        if (grants.isEmpty()) {
            throw Refusal.missingScope(type, permission, Access.ALL);
        }
        if (access.confined(type, permission)
                && !compartment.onlyOf(access.caller().patient(), resource)) {
            throw Refusal.forbidden(
                    "The token is for Patient/" + access.caller().patient() + " and cannot write a " + type
                            + " outside that patient's compartment");
        }
        if (!restrictions.allow(grants, type, resource, request)) {
            throw Refusal.forbidden("The " + type + " does not match the restriction of the token's scope "
                    + grants.get(0).text());
        }
    }
}
