package org.carerelay.security.scopes;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One resource scope a token grants. Immutable, so that a parsed claim can be shared across threads and cached with
 * the token.
 *
 * @param resourceType a FHIR type name, or {@code *} for every type
 * @param restriction v2 query parameters in claim order, decoded; a repeated parameter is AND, a comma within a
 *     value is OR, and values are kept as written so that the caller decides how to match them. Empty if none.
 * @param text the scope exactly as the claim spelled it, for messages and audit
 */
public record Scope(
        Context context,
        String resourceType,
        Set<Permission> permissions,
        Map<String, List<String>> restriction,
        String text) {

    public static final String ANY_TYPE = "*";

    public Scope {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(text, "text");
        if (permissions.isEmpty()) {
            throw new IllegalArgumentException("a scope grants at least one permission: " + text);
        }
        permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        restriction.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        restriction = Collections.unmodifiableMap(copy);
    }

    /** Whether this scope grants the permission on the type, leaving any restriction for the caller to apply. */
    public boolean covers(String type, Permission permission) {
        return permissions.contains(permission) && (resourceType.equals(ANY_TYPE) || resourceType.equals(type));
    }

    /**
     * Whether granting this scope gives no more than the allowance: same context, a type the allowance names (or it
     * names every type), permissions it holds, and its restriction (an unrestricted allowance admits any).
     */
    public boolean within(Scope allowance) {
        return context == allowance.context
                && (allowance.resourceType.equals(ANY_TYPE) || allowance.resourceType.equals(resourceType))
                && allowance.permissions.containsAll(permissions)
                && (allowance.restriction.isEmpty() || allowance.restriction.equals(restriction));
    }

    /** Whether the grant reaches only the resources that match its query, so that a caller must filter. */
    public boolean restricted() {
        return !restriction.isEmpty();
    }
}
