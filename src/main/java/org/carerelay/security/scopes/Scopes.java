package org.carerelay.security.scopes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a token's {@code scope} claim grants. Parsing never fails: a token's scopes come from the authorization
 * server, and one scope this server does not understand must not cost the app the ones it does.
 */
public final class Scopes {

    private static final Scopes NONE = new Scopes(List.of(), Set.of());

    private final List<Scope> grants;
    private final Set<String> other;

    private Scopes(List<Scope> grants, Set<String> other) {
        this.grants = grants;
        this.other = other;
    }

    /** Reads a space-separated claim; a scope repeated counts once. */
    public static Scopes parse(String scopeClaim) {
        if (scopeClaim == null || scopeClaim.isBlank()) {
            return NONE;
        }
        List<Scope> grants = new ArrayList<>();
        Set<String> other = new LinkedHashSet<>();
        Arrays.stream(scopeClaim.strip().split("\\s+"))
                .distinct()
                .forEach(token -> ScopeParser.parse(token).ifPresentOrElse(grants::add, () -> other.add(token)));
        return new Scopes(List.copyOf(grants), Collections.unmodifiableSet(other));
    }

    /** One resource scope ({@code patient/Observation.rs}); empty for any other scope. */
    public static Optional<Scope> one(String token) {
        return ScopeParser.parse(token);
    }

    /** Resource scopes, in claim order. */
    public List<Scope> grants() {
        return grants;
    }

    /** Every other scope verbatim, in claim order: OpenID, launch and refresh scopes, and any not understood. */
    public Set<String> other() {
        return other;
    }

    /**
     * The grants that cover type and permission in any of the contexts, unrestricted ones first (then claim order),
     * so that a caller can stop at the first one when it needs no filtering.
     */
    public List<Scope> covering(String type, Permission permission, Set<Context> contexts) {
        return grants.stream()
                .filter(g -> contexts.contains(g.context()) && g.covers(type, permission))
                .sorted(Comparator.comparing(Scope::restricted))
                .toList();
    }

    /** The v2 scope that would have allowed a refused request, for its error message: {@code patient/Observation.r}. */
    public static String needed(Context context, String type, Permission permission) {
        return context.prefix() + "/" + type + "." + permission.letter();
    }

    @Override
    public String toString() {
        return grants.stream().map(Scope::text).toList() + " " + other;
    }
}
