package org.carerelay.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Who made a request, as the security layer established it from the bearer token. Features that record an actor
 * (Provenance, audit) read it from the request instead of importing the security package.
 *
 * @param client the OAuth client ({@code client_id}, else {@code azp}, else {@code sub})
 * @param fhirUser the user's FHIR resource ({@code Practitioner/x}, {@code PractitionerRole/x}, ...), or null
 * @param patient the patient in context ({@code patient} claim, a bare id), or null
 * @param restricted whether a grant of the token is restricted ({@code user/*.rs?_tag=...}), so that the checks before
 *     a resource is shown may hide some that a search matched; a read that skips those checks (plain SQL) must not
 *     then be used to say anything about a resource
 */
public record Caller(String client, String fhirUser, String patient, boolean restricted) {

    private static final String KEY = Caller.class.getName();

    /** The identifier system of OAuth client ids. */
    public static final String OAUTH_CLIENT = Canonical.BASE + "/sid/oauth-client";

    /** The caller of this request; empty when security is off or the request is the server's own. */
    public static Optional<Caller> of(RequestDetails request) {
        return request == null
                ? Optional.empty()
                : Optional.ofNullable((Caller) request.getUserData().get(KEY));
    }

    /**
     * Whether every resource a search of this request matches is shown: security is off, the request is the server's
     * own, or no grant of the token is restricted.
     */
    public static boolean seesAllItReaches(RequestDetails request) {
        return of(request).map(caller -> !caller.restricted()).orElse(true);
    }

    public void attachTo(RequestDetails request) {
        request.getUserData().put(KEY, this);
    }

    /** The caller as a Provenance or AuditEvent agent: the user's resource, or else the OAuth client. */
    public Reference asAgent() {
        if (fhirUser != null && !fhirUser.isBlank()) {
            return new Reference(fhirUser);
        }
        return new Reference()
                .setIdentifier(new Identifier().setSystem(OAUTH_CLIENT).setValue(client))
                .setDisplay("OAuth client " + client);
    }
}
