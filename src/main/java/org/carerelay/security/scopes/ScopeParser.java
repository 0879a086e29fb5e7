package org.carerelay.security.scopes;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one scope token as a SMART resource scope (App Launch 2.0.0, "Scopes for requesting clinical data", with the
 * v1 forms still sent by older apps). Anything it does not fully understand is no resource scope: a token that grants
 * more than was meant is worse than one ignored.
 */
final class ScopeParser {

    private static final Pattern RESOURCE_SCOPE =
            Pattern.compile("([a-z]+)/(\\*|[A-Z][A-Za-z]+)\\.([^?]+)(?:\\?(.*))?", Pattern.DOTALL);
    private static final Pattern V2_PERMISSIONS = Pattern.compile("c?r?u?d?s?");
    private static final Map<String, Set<Permission>> V1_PERMISSIONS = Map.of(
            "read", EnumSet.of(Permission.READ, Permission.SEARCH),
            "write", EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE),
            "*", EnumSet.allOf(Permission.class));

    private ScopeParser() {}

    static Optional<Scope> parse(String token) {
        Matcher m = RESOURCE_SCOPE.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        String letters = m.group(3);
        String query = m.group(4);
        boolean v1 = V1_PERMISSIONS.containsKey(letters);
        Optional<Set<Permission>> permissions = v1 ? Optional.of(V1_PERMISSIONS.get(letters)) : v2Permissions(letters);
        Optional<Map<String, List<String>>> restriction = query == null
                ? Optional.of(Map.of())
                // v1 had no restrictions; one written anyway was meant to narrow the grant, so honour none of it.
                : v1 ? Optional.empty() : Restriction.parse(query);
        return Context.ofPrefix(m.group(1))
                .flatMap(context -> permissions.flatMap(granted ->
                        restriction.map(parameters -> new Scope(context, m.group(2), granted, parameters, token))));
    }

    /** The letters must appear in {@code cruds} order, each at most once, so that a scope has one spelling. */
    private static Optional<Set<Permission>> v2Permissions(String letters) {
        if (letters.isEmpty() || !V2_PERMISSIONS.matcher(letters).matches()) {
            return Optional.empty();
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (Permission p : Permission.values()) {
            if (letters.indexOf(p.letter()) >= 0) {
                permissions.add(p);
            }
        }
        return Optional.of(permissions);
    }
}
