package org.carerelay.security.scopes;

/**
 * One SMART v2 permission. The declaration order is the order v2 requires the letters in ({@code cruds}), so that
 * an {@code EnumSet} prints and compares the way a scope is written.
 */
public enum Permission {
    CREATE('c'),
    READ('r'),
    UPDATE('u'),
    DELETE('d'),
    SEARCH('s');

    private final char letter;

    Permission(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }
}
