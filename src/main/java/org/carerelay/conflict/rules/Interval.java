package org.carerelay.conflict.rules;

/**
 * A target interval on a measure's scale; an end is null when unbounded, and open when the comparator excludes it
 * ({@code < 7} is open at 7, {@code 7-8} closed at both ends).
 */
record Interval(Double low, boolean lowOpen, Double high, boolean highOpen) {

    static Interval of(String comparator, double value) {
        if (comparator == null) {
            return new Interval(value, false, value, false);
        }
        return switch (comparator) {
            case "<" -> new Interval(null, false, value, true);
            case "<=" -> new Interval(null, false, value, false);
            case ">" -> new Interval(value, true, null, false);
            case ">=" -> new Interval(value, false, null, false);
            default -> null; // "ad" (sufficient to achieve) says no number
        };
    }

    boolean overlaps(Interval other) {
        return below(this, other) && below(other, this);
    }

    /** Whether a's low end lies under b's high end, so the two can meet from that side. */
    private static boolean below(Interval a, Interval b) {
        if (a.low == null || b.high == null) {
            return true;
        }
        if (a.low < b.high) {
            return true;
        }
        return a.low.equals(b.high) && !a.lowOpen && !b.highOpen;
    }

    @Override
    public String toString() {
        if (low != null && high != null && low.equals(high)) {
            return format(low);
        }
        if (low == null) {
            return (highOpen ? "< " : "<= ") + format(high);
        }
        if (high == null) {
            return (lowOpen ? "> " : ">= ") + format(low);
        }
        return format(low) + "-" + format(high);
    }

    private static String format(double value) {
        return java.math.BigDecimal.valueOf(value)
                .setScale(2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }
}
