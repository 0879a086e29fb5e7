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
 * it by name. Interactive flows never grant {@code system/} scopes, and backend services only those.
 */
final class ScopePolicy {

    static final String LAUNCH = "launch";
    static final String LAUNCH_PATIENT = "launch/patient";
    static final String OFFLINE = "offline_access";
    static final String ONLINE = "online_access";

    /** The scopes besides resource scopes this server understands. */
    static final Set<String> NAMED =
            Set.of("openid", "fhirUser", "profile", LAUNCH, LAUNCH_PATIENT, "launch/encounter", OFFLINE, ONLINE);

    private ScopePolicy() {}

    /** The first scope that is neither a resource scope nor one this server knows by name. */
    static Optional<String> unknown(Set<String> requested) {
        return requested.stream()
                .filter(s -> !NAMED.contains(s) && Scopes.one(s).isEmpty())
                .findFirst();
    }

    /** What an app signing a user in may be granted of what it asked: never more, never a system/ scope. */
    static Set<String> grantable(Set<String> requested, List<String> allowed) {
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : requested) {
            Optional<Scope> resource = Scopes.one(scope);
            boolean allowedScope = resource.isPresent()
                    ? resource.get().context() != Context.SYSTEM && covered(resource.get(), allowed)
                    : NAMED.contains(scope) && allowed.contains(scope);
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

    private static boolean covered(Scope scope, List<String> allowed) {
        return allowed.stream().map(Scopes::one).flatMap(Optional::stream).anyMatch(scope::within);
    }
}
