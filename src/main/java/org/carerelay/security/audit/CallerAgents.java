package org.carerelay.security.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import java.util.Optional;
import org.carerelay.fhir.Caller;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Who made a request, as an AuditEvent names them: the OAuth client by its identifier, the user by the token's
 * {@code fhirUser} (else the client again, for a backend service). References are absolute, on this server's base,
 * like the ones BALP gives the data it records: a relative reference would be checked and linked like any stored one,
 * so a user not stored here could not be audited and nothing an AuditEvent names could ever be deleted.
 */
final class CallerAgents implements IBalpAuditContextServices {

    /** What an AuditEvent names when no token came with the request (the public CapabilityStatement, a 401). */
    static final String NO_TOKEN = "no verified token";

    private static final String REQUEST = CallerAgents.class.getName() + ".request";

    @Override
    public Reference getAgentClientWho(RequestDetails request) {
        Reference who = Caller.of(request)
                .map(caller -> client(caller.client()))
                .orElseGet(() -> new Reference().setDisplay(NO_TOKEN));
        // BALP asks for the client once per event it builds; the mark lets AuditTrail file the event under its
        // request, also when a batch entry is answered on another thread
        who.setUserData(REQUEST, request);
        return who;
    }

    @Override
    public Reference getAgentUserWho(RequestDetails request) {
        return Caller.of(request)
                .map(caller -> absolute(caller.asAgent(), request.getFhirServerBase()))
                .orElseGet(() -> new Reference().setDisplay(NO_TOKEN));
    }

    /**
     * The resource as BALP names it, absolute on this server's base, but without its version: a search by
     * {@code patient} or {@code entity} matches references as they are written, and a versioned one would never match.
     */
    @Override
    public String massageResourceIdForStorage(RequestDetails request, IBaseResource resource, IIdType id) {
        return id.toVersionless()
                .withServerBase(request.getFhirServerBase(), id.getResourceType())
                .getValue();
    }

    /** The request an event was built for, when BALP built it. */
    static Optional<RequestDetails> requestOf(AuditEvent event) {
        return event.getAgent().stream()
                .map(agent -> agent.getWho().getUserData(REQUEST))
                .filter(RequestDetails.class::isInstance)
                .map(RequestDetails.class::cast)
                .findFirst();
    }

    static Reference client(String clientId) {
        return new Reference()
                .setIdentifier(new Identifier().setSystem(Caller.OAUTH_CLIENT).setValue(clientId));
    }

    /** A relative reference ({@code Practitioner/1}, as SMART allows for fhirUser) read against the server's base. */
    static Reference absolute(Reference reference, String base) {
        String value = reference.getReference();
        if (value != null && !value.contains("://") && base != null) {
            reference.setReference(base + "/" + value);
        }
        return reference;
    }
}
