package org.carerelay.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carerelay.fhir.Caller;
import org.carerelay.security.scopes.Context;
import org.carerelay.security.scopes.Permission;
import org.carerelay.security.scopes.Scope;
import org.carerelay.security.scopes.Scopes;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What one request may do: the caller and the scopes of its token. Taken from Spring Security's context on the
 * request thread the first time a hook asks, and kept in the request's user data, which the entries of a batch or
 * transaction share.
 */
record Access(Caller caller, Scopes scopes) {

    private static final String KEY = Access.class.getName();
    static final Set<Context> ALL = EnumSet.allOf(Context.class);
    static final Set<Context> BEYOND_PATIENT = EnumSet.of(Context.USER, Context.SYSTEM);

    /** The access of a request made with a token; empty for the server's own requests and when security is off. */
    static Optional<Access> of(RequestDetails request) {
        if (request == null) {
            return Optional.empty();
        }
        Object known = request.getUserData().get(KEY);
        if (known != null) {
            return Optional.of((Access) known);
        }
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            return Optional.empty();
        }
        Access access = fromToken(token);
        request.getUserData().put(KEY, access);
        access.caller().attachTo(request);
        return Optional.of(access);
    }

    static Access fromToken(JwtAuthenticationToken token) {
        var jwt = token.getToken();
        String client = first(jwt.getClaimAsString("client_id"), jwt.getClaimAsString("azp"), jwt.getSubject());
        String patient = jwt.getClaimAsString("patient");
        Scopes scopes = Scopes.parse(jwt.getClaimAsString("scope"));
        boolean restricted = scopes.grants().stream().anyMatch(Scope::restricted);
        return new Access(new Caller(client, jwt.getClaimAsString("fhirUser"), patient, restricted), scopes);
    }

    /** Whether the patient compartment confines this interaction: only patient/ grants cover it. */
    boolean confined(String type, Permission permission) {
        return scopes.covering(type, permission, BEYOND_PATIENT).isEmpty()
                && !scopes.covering(type, permission, EnumSet.of(Context.PATIENT))
                        .isEmpty();
    }

    /** The grants that cover the interaction, in a context the token can use (patient/ needs a patient claim). */
    List<Scope> covering(String type, Permission permission) {
        return scopes.covering(type, permission, caller.patient() == null ? BEYOND_PATIENT : ALL);
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
