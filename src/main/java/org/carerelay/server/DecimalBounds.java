package org.carerelay.server;

/**
 * Bounds on a decimal written as text, checked before anything turns the text into a number. {@code 1e1000000} is
 * nine characters, but expanding it (for an index, a unit conversion, a database column) costs a million digits, and
 * {@code 1e400} overflows the double precision HAPI indexes quantities in. A decimal passes when it has at most
 * {@code maxDigits} significant digits and its magnitude lies between 1e-{@code maxExponent} and
 * 1e{@code maxExponent} (zero always passes).
 */
final class DecimalBounds {

    private final int maxDigits;
    private final int maxExponent;

    DecimalBounds(int maxDigits, int maxExponent) {
        this.maxDigits = maxDigits;
        this.maxExponent = maxExponent;
    }

    /** Why {@code text} is out of bounds, or null when it is within them or is not a decimal at all. */
    String violation(String text) {
        int length = text.length();
        int at = length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        int firstSignificant = -1;
        int digits = 0;
        int pointAt = -1;
        int mantissaStart = at;
        for (; at < length; at++) {
            char c = text.charAt(at);
            if (c == '.' && pointAt < 0) {
                pointAt = digits;
            } else if (c >= '0' && c <= '9') {
                if (firstSignificant < 0 && c != '0') {
                    firstSignificant = digits;
                }
                digits++;
            } else {
                break;
            }
        }
        if (digits == 0 || at == mantissaStart) {
            return null;
        }
        long exponent = 0;
        if (at < length) {
            if (text.charAt(at) != 'e' && text.charAt(at) != 'E') {
                return null;
            }
            Long parsed = exponent(text.substring(at + 1));
            if (parsed == null) {
                return text.substring(at + 1).matches("[+-]?[0-9]+") ? describe(text) : null;
            }
            exponent = parsed;
        }
        if (firstSignificant < 0) {
            return null;
        }
        int integerDigits = pointAt < 0 ? digits : pointAt;
        long magnitude = exponent + integerDigits - firstSignificant - 1;
        boolean tooPrecise = digits - firstSignificant > maxDigits;
        return tooPrecise || Math.abs(magnitude) > maxExponent ? describe(text) : null;
    }

    /** The exponent's value; null when it is not a number or too long to be a sensible one. */
    private static Long exponent(String text) {
        String digits = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        if (!digits.matches("[0-9]{1,9}")) {
            return null;
        }
        long value = Long.parseLong(digits);
        return text.startsWith("-") ? -value : value;
    }

    private String describe(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return "Decimal " + shown + " is beyond what this server accepts: at most " + maxDigits
                + " significant digits (carerelay.limits.max-decimal-digits) and a magnitude between 1e-" + maxExponent
                + " and 1e" + maxExponent + " (carerelay.limits.max-decimal-exponent)";
    }
}
