package org.carerelay.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.carerelay.fhir.Caller;
import org.carerelay.security.scopes.Permission;
import org.carerelay.security.scopes.Scope;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Subscription;
import org.springframework.stereotype.Component;

/**
 * The last check before anything leaves the server: every resource a response would show (read, search match,
 * {@code _include}, {@code _revinclude}, history version, {@code $everything}, operation output) must be of a type the
 * token may read, in the patient's compartment for a patient-scoped token, and match a restricted scope. A direct read
 * of something else is refused with 403; anything else is left out of the response. A Subscription's channel headers
 * are shown only to a caller that may update Subscriptions.
 */
@Component
@Interceptor
final class ShowFilter implements ServerInterceptor {

    /** A history bundle cannot leave a version out (HAPI expects every one), so an unreadable version refuses it. */
    private static final Set<RestOperationTypeEnum> HISTORY = EnumSet.of(
            RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.HISTORY_TYPE,
            RestOperationTypeEnum.HISTORY_SYSTEM);

    private static final Set<RestOperationTypeEnum> READS =
            EnumSet.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD, RestOperationTypeEnum.HISTORY_INSTANCE);

    /** The security label FHIR gives a resource shown with parts left out. */
    static final Coding REDACTED =
            new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "REDACTED", "redacted");

    private final FhirContext fhirContext;
    private final Compartment compartment;
    private final Restrictions restrictions;

    ShowFilter(FhirContext fhirContext, Compartment compartment, Restrictions restrictions) {
        this.fhirContext = fhirContext;
        this.compartment = compartment;
        this.restrictions = restrictions;
    }

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void filter(IPreResourceShowDetails shown, RequestDetails request) {
        Access access = Access.of(request).orElse(null);
        if (access == null) {
            return;
        }
        boolean read = READS.contains(request.getRestOperationType());
        for (int i = 0; i < shown.size(); i++) {
            IBaseResource resource = shown.getResource(i);
            if (resource != null && !visible(access, resource, read, request)) {
                if (askedFor(resource, request) || HISTORY.contains(request.getRestOperationType())) {
                    throw Refusal.forbidden(
                            "The " + request.getResourceName() + " asked for is outside what the token may read");
                }
                shown.setResource(i, null);
            } else if (resource instanceof Subscription subscription
                    && subscription.getChannel().hasHeader()
                    && access.covering("Subscription", Permission.UPDATE).isEmpty()) {
                shown.setResource(i, withoutHeaders(subscription));
            }
        }
    }

    /**
     * A Subscription as a reader without a write scope on Subscription sees it: its channel headers (a receiver's
     * credentials, often) left out. The stored resource is not touched.
     */
    private static Subscription withoutHeaders(Subscription subscription) {
        Subscription shown = subscription.copy();
        shown.getChannel().setHeader(null);
        shown.getMeta().addSecurity(REDACTED);
        return shown;
    }

    /** The request names this very resource (a read, a version, its history, a batch entry's GET). */
    private boolean askedFor(IBaseResource resource, RequestDetails request) {
        return request.getId() != null
                && fhirContext.getResourceType(resource).equals(request.getResourceName())
                && resource.getIdElement().getIdPart().equals(request.getId().getIdPart())
                && (request.getOperation() == null || !request.getOperation().startsWith("$"));
    }

    private boolean visible(Access access, IBaseResource resource, boolean read, RequestDetails request) {
        if (resource instanceof Binary binary
                && Caller.OAUTH_CLIENT.equals(
                        binary.getSecurityContext().getIdentifier().getSystem())) {
            // an export file: its client's alone, whatever other scopes say
            return binary.getSecurityContext()
                    .getIdentifier()
                    .getValue()
                    .equals(access.caller().client());
        }
        String type = fhirContext.getResourceType(resource);
        Permission permission = read ? Permission.READ : Permission.SEARCH;
        List<Scope> grants = access.covering(type, permission);
        if (grants.isEmpty() && !read) {
            permission = Permission.READ;
            grants = access.covering(type, permission);
        }
        if (grants.isEmpty()) {
            return false;
        }
        if (access.confined(type, permission)
                && !compartment.contains(access.caller().patient(), resource)) {
            return false;
        }
        return restrictions.allow(grants, type, resource, request);
    }
}
