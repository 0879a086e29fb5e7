package org.carerelay.security.scopes;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whose data a scope reaches: the patient in launch context, whatever the signed-in user may see, or a backend
 * service acting on its own. The prefix is matched exactly (lowercase), because SMART defines no other spelling.
 */
public enum Context {
    PATIENT("patient"),
    USER("user"),
    SYSTEM("system");

    private final String prefix;

    Context(String prefix) {
        this.prefix = prefix;
    }

    /** The word before the slash, as a scope spells it. */
    String prefix() {
        return prefix;
    }

    static Optional<Context> ofPrefix(String prefix) {
        return Arrays.stream(values()).filter(c -> c.prefix.equals(prefix)).findFirst();
    }
}
