package org.carerelay.notify;

/** The parts of an R4 criteria string ({@code Task?status=requested}) the server reads itself. */
final class Criteria {

    private Criteria() {}

    static String resourceType(String criteria) {
        String trimmed = criteria.trim();
        int question = trimmed.indexOf('?');
        return question < 0 ? trimmed : trimmed.substring(0, question);
    }

    static boolean hasParameters(String criteria) {
        String trimmed = criteria.trim();
        int question = trimmed.indexOf('?');
        return question >= 0 && question < trimmed.length() - 1;
    }
}
