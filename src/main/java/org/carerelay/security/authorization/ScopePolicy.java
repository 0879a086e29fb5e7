package org.carerelay.security.authorization;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carerelay.security.scopes.Context;
import org.carerelay.security.scopes.Scope;
import org.carerelay.security.scopes.Scopes;

/**
 * Which of the scopes an app asks for it may be granted: a resource scope when one of the client's allowed scopes
 * covers it (so {@code patient/*.rs} admits {@code patient/Observation.rs}), any other scope when the client is allowed
 * it by name. Interactive flows never grant {@code system/} scopes, a person who is a patient never gets
 * {@code user/} scopes (they would reach every record), and backend services get only {@code system/} scopes.
 */
final class ScopePolicy {

    static final String LAUNCH = "launch";
    static final String LAUNCH_PATIENT = "launch/patient";
    static final String OFFLINE = "offline_access";
    static final String USER_PREFIX = "user/";

    /** What one request may ask for in all: the stored grant has room for 1,000 characters. */
    static final int MAX_LENGTH = 900;

    /** The scopes besides resource scopes this server grants. */
    static final Set<String> NAMED = Set.of("openid", "fhirUser", "profile", LAUNCH, LAUNCH_PATIENT, OFFLINE);

    /**
     * Scopes this server understands but never grants, so that an app asking for them still signs in: no encounter is
     * chosen at launch, and refresh tokens do not end with the session.
     */
    static final Set<String> NEVER_GRANTED = Set.of("launch/encounter", "online_access");

    private ScopePolicy() {}

    /** The first scope that is neither a resource scope nor one this server knows by name. */
    static Optional<String> unknown(Set<String> requested) {
        return requested.stream()
                .filter(s -> !NAMED.contains(s)
                        && !NEVER_GRANTED.contains(s)
                        && Scopes.one(s).isEmpty())
                .findFirst();
    }

    /** Whether the scopes asked for are too many to record. */
    static boolean tooMany(Set<String> requested) {
        return String.join(" ", requested).length() > MAX_LENGTH;
    }

    /**
     * What an app signing a person in may be granted of what it asked: never more than the client's allowance, never a
     * system/ scope, and no user/ scope for a person who is a patient.
     */
    static Set<String> grantable(Set<String> requested, List<String> allowed, boolean patientUser) {
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : requested) {
            boolean allowedScope = Scopes.one(scope)
                    .map(resource -> grantableToPerson(resource, allowed, patientUser))
                    .orElse(NAMED.contains(scope) && allowed.contains(scope));
            if (allowedScope) {
                granted.add(scope);
            }
        }
        return granted;
    }

    /** The first scope a backend service may not have: anything but a system/ scope its allowance covers. */
    static Optional<String> refusedToBackend(Set<String> requested, List<String> allowed) {
        return requested.stream()
                .filter(s -> Scopes.one(s)
                        .filter(scope -> scope.context() == Context.SYSTEM && covered(scope, allowed))
                        .isEmpty())
                .findFirst();
    }

    private static boolean grantableToPerson(Scope scope, List<String> allowed, boolean patientUser) {
        boolean context = scope.context() == Context.PATIENT || scope.context() == Context.USER && !patientUser;
        return context && covered(scope, allowed);
    }

    private static boolean covered(Scope scope, List<String> allowed) {
        return allowed.stream().map(Scopes::one).flatMap(Optional::stream).anyMatch(scope::within);
    }
}
