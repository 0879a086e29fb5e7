package org.carerelay.security.authorization;

import java.util.Map;
import java.util.Optional;
import org.carerelay.security.scopes.Permission;
import org.carerelay.security.scopes.Scope;
import org.carerelay.security.scopes.Scopes;

/** A scope in words, for the consent page. */
final class ScopeText {

    private static final Map<String, String> NAMED = Map.of(
            "openid", "Know who you are",
            "fhirUser", "Know which record is yours (your FHIR user)",
            "profile", "See your name",
            "launch", "Open with the patient chosen when the app was launched",
            "launch/patient", "Work with the patient you choose",
            "launch/encounter", "Work with the encounter chosen at launch",
            "offline_access", "Keep access after you close it",
            "online_access", "Keep access while you stay signed in");

    private ScopeText() {}

    static String describe(String scope) {
        String named = NAMED.get(scope);
        if (named != null) {
            return named;
        }
        Optional<Scope> resource = Scopes.one(scope);
        if (resource.isEmpty()) {
            return scope;
        }
        Scope grant = resource.get();
        StringBuilder what = new StringBuilder();
        for (Permission permission : grant.permissions()) {
            what.append(what.isEmpty() ? "" : ", ").append(verb(permission));
        }
        String type = grant.resourceType().equals(Scope.ANY_TYPE) ? "all" : grant.resourceType();
        String whose = switch (grant.context()) {
            case PATIENT -> " records of the patient";
            case USER -> " records you may see";
            case SYSTEM -> " records";
        };
        return capitalize(what + " " + type + whose + (grant.restricted() ? " (only some)" : ""));
    }

    private static String verb(Permission permission) {
        return switch (permission) {
            case CREATE -> "create";
            case READ -> "read";
            case UPDATE -> "update";
            case DELETE -> "delete";
            case SEARCH -> "search";
        };
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
