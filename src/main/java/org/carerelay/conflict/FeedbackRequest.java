package org.carerelay.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A CDS Hooks 2.0 feedback request ({@code POST [root]/cds-services/{id}/feedback}), read and checked: a
 * {@code feedback} array of entries, each with the {@code card}'s uuid, an {@code outcome} ({@code accepted} with the
 * {@code acceptedSuggestions}, or {@code overridden} with an optional {@code overrideReason}) and an
 * {@code outcomeTimestamp}. What is wrong is reported with where it is ({@code feedback[0].outcome}).
 */
final class FeedbackRequest {

    static final String ACCEPTED = "accepted";
    static final String OVERRIDDEN = "overridden";

    /** One feedback entry; {@code reasonSystem} and {@code reasonCode} are null when no reason was selected. */
    record Entry(
            String where,
            String card,
            String outcome,
            List<String> acceptedSuggestions,
            String reasonSystem,
            String reasonCode) {

        /** The reason as counted: one of CareRelay's codes, {@code client} for a CDS client's own, or {@code none}. */
        String reasonTag() {
            if (reasonCode == null) {
                return "none";
            }
            return OverrideReasons.SYSTEM.equals(reasonSystem) ? reasonCode : "client";
        }

        /** Null when the entry fits the card this server answered; else what does not. */
        Malformed against(IssuedCards.Card issued) {
            for (int i = 0; i < acceptedSuggestions.size(); i++) {
                if (!issued.suggestions().contains(acceptedSuggestions.get(i))) {
                    return new Malformed(
                            where + ".acceptedSuggestions[" + i + "].id",
                            "card " + card + " has no suggestion " + acceptedSuggestions.get(i));
                }
            }
            // a CDS client may add reasons of its own (CDS Hooks 2.0), so only CareRelay's are held to the card
            if (OverrideReasons.SYSTEM.equals(reasonSystem) && !issued.reasons().contains(reasonCode)) {
                return new Malformed(
                        where + ".overrideReason.reason", "card " + card + " does not offer the reason " + reasonCode);
            }
            return null;
        }
    }

    /** What is wrong with a feedback request, and where. */
    static final class Malformed extends RuntimeException {
        private final String where;

        Malformed(String where, String what) {
            super(where + ": " + what);
            this.where = where;
        }

        String where() {
            return where;
        }
    }

    private FeedbackRequest() {}

    static List<Entry> read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Malformed("$", "a feedback request is a JSON object");
        }
        JsonNode feedback = body.get("feedback");
        if (feedback == null || !feedback.isArray() || feedback.isEmpty()) {
            throw new Malformed("feedback", "an array of one or more feedback entries is required");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < feedback.size(); i++) {
            entries.add(entry("feedback[" + i + "]", feedback.get(i)));
        }
        return entries;
    }

    private static Entry entry(String where, JsonNode entry) {
        if (!entry.isObject()) {
            throw new Malformed(where, "a feedback entry is a JSON object");
        }
        String card = text(where + ".card", entry.get("card"));
        try {
            UUID.fromString(card);
        } catch (IllegalArgumentException e) {
            throw new Malformed(where + ".card", "'" + card + "' is not a card's uuid");
        }
        String outcome = text(where + ".outcome", entry.get("outcome"));
        if (!outcome.equals(ACCEPTED) && !outcome.equals(OVERRIDDEN)) {
            throw new Malformed(where + ".outcome", "must be accepted or overridden, not '" + outcome + "'");
        }
        String timestamp = text(where + ".outcomeTimestamp", entry.get("outcomeTimestamp"));
        try {
            OffsetDateTime.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new Malformed(
                    where + ".outcomeTimestamp", "'" + timestamp + "' is not a date and time with a zone (RFC 3339)");
        }
        List<String> accepted = suggestions(where, outcome, entry.get("acceptedSuggestions"));
        JsonNode reason = entry.get("overrideReason");
        if (reason == null) {
            return new Entry(where, card, outcome, accepted, null, null);
        }
        if (!outcome.equals(OVERRIDDEN)) {
            throw new Malformed(where + ".overrideReason", "only an overridden card has an override reason");
        }
        if (!reason.isObject() || (!reason.has("reason") && !reason.has("userComment"))) {
            throw new Malformed(where + ".overrideReason", "an object with a reason, a userComment or both");
        }
        if (reason.has("userComment")) {
            text(where + ".overrideReason.userComment", reason.get("userComment"));
        }
        JsonNode coding = reason.get("reason");
        if (coding == null) {
            return new Entry(where, card, outcome, accepted, null, null);
        }
        if (!coding.isObject()) {
            throw new Malformed(where + ".overrideReason.reason", "a Coding object with system and code");
        }
        String system = text(where + ".overrideReason.reason.system", coding.get("system"));
        String code = text(where + ".overrideReason.reason.code", coding.get("code"));
        if (system.equals(OverrideReasons.SYSTEM) && !OverrideReasons.REASONS.containsKey(code)) {
            throw new Malformed(where + ".overrideReason.reason.code", "'" + code + "' is not a code of " + system);
        }
        return new Entry(where, card, outcome, accepted, system, code);
    }

    private static List<String> suggestions(String where, String outcome, JsonNode suggestions) {
        if (suggestions == null) {
            if (outcome.equals(ACCEPTED)) {
                throw new Malformed(
                        where + ".acceptedSuggestions", "an accepted card names the suggestions that were accepted");
            }
            return List.of();
        }
        if (!outcome.equals(ACCEPTED)) {
            throw new Malformed(where + ".acceptedSuggestions", "only an accepted card has accepted suggestions");
        }
        if (!suggestions.isArray() || suggestions.isEmpty()) {
            throw new Malformed(where + ".acceptedSuggestions", "an array of one or more {\"id\": ...} objects");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < suggestions.size(); i++) {
            String at = where + ".acceptedSuggestions[" + i + "]";
            if (!suggestions.get(i).isObject()) {
                throw new Malformed(at, "an object with the suggestion's id");
            }
            ids.add(text(at + ".id", suggestions.get(i).get("id")));
        }
        return List.copyOf(ids);
    }

    private static String text(String where, JsonNode value) {
        if (value == null || value.isNull()) {
            throw new Malformed(where, "required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new Malformed(where, "must be a non-empty string");
        }
        return value.asText();
    }
}
