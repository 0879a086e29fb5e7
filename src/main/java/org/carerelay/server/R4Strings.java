package org.carerelay.server;

/**
 * R4's rule for strings: no character below U+0020 other than tab, line feed and carriage return. A NUL stored today
 * truncates the XML written tomorrow, and a lone UTF-16 surrogate cannot be written as UTF-8 at all, so both are
 * refused on the way in.
 */
final class R4Strings {

    private R4Strings() {}

    /** What is wrong with {@code value}, or null when R4 allows it. */
    static String violation(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return String.format("a string holds the control character U+%04X, which R4 strings exclude", (int) c);
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format(
                        "a string holds the lone surrogate U+%04X, which is not a Unicode character", (int) c);
            }
        }
        return null;
    }
}
