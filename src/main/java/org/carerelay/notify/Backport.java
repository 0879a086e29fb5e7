package org.carerelay.notify;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * How an R4 Subscription reads as a topic-based subscription of the Subscriptions Backport IG: the topic's canonical in
 * {@code criteria}, filters in {@code backport-filter-criteria} extensions on it, the payload content in
 * {@code backport-payload-content} on {@code channel.payload}.
 */
final class Backport {

    static final String BASE = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    static final String FILTER_CRITERIA = BASE + "backport-filter-criteria";
    static final String PAYLOAD_CONTENT = BASE + "backport-payload-content";
    static final String STATUS_PROFILE = BASE + "backport-subscription-status-r4";
    static final String HEARTBEAT_PERIOD = BASE + "backport-heartbeat-period";
    static final List<String> CONTENTS = List.of("empty", "id-only", "full-resource");

    private Backport() {}

    static boolean isTopicBased(Subscription subscription) {
        String criteria = subscription.getCriteria();
        return criteria != null && (criteria.startsWith("http://") || criteria.startsWith("https://"));
    }

    /** The filters as written, one per extension ({@code Task?owner=Practitioner/1}). */
    static List<String> filters(Subscription subscription) {
        return subscription.getCriteriaElement().getExtensionsByUrl(FILTER_CRITERIA).stream()
                .map(Extension::getValue)
                .map(value -> value instanceof PrimitiveType<?> primitive ? primitive.getValueAsString() : "")
                .toList();
    }

    /** All filters as one search of {@code type} (they must all hold). */
    static String combinedCriteria(String type, List<String> filters) {
        List<String> queries = filters.stream()
                .map(filter -> filter.contains("?") ? filter.substring(filter.indexOf('?') + 1) : filter)
                .filter(query -> !query.isBlank())
                .toList();
        return queries.isEmpty() ? type : type + "?" + String.join("&", queries);
    }

    /** The payload content asked for; {@code id-only} when a payload type is given without it, else empty. */
    static String content(Subscription subscription) {
        Optional<String> asked =
                subscription.getChannel().getPayloadElement().getExtensionsByUrl(PAYLOAD_CONTENT).stream()
                        .map(Extension::getValue)
                        .map(value -> value instanceof PrimitiveType<?> primitive ? primitive.getValueAsString() : "")
                        .findFirst();
        return asked.orElse(subscription.getChannel().hasPayload() ? "id-only" : "empty");
    }

    /** The heartbeat period asked for on the channel, in seconds; null when none (or not a positive whole number). */
    static Long heartbeatSeconds(Subscription subscription) {
        return subscription.getChannel().getExtensionsByUrl(HEARTBEAT_PERIOD).stream()
                .map(Extension::getValue)
                .filter(value -> value instanceof PrimitiveType<?> primitive && primitive.hasValue())
                .map(value -> ((PrimitiveType<?>) value).getValueAsString())
                .filter(text -> text.matches("[0-9]{1,9}") && Long.parseLong(text) > 0)
                .map(Long::parseLong)
                .findFirst()
                .orElse(null);
    }
}
