package org.carerelay.conflict;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The cards this server answered lately, by {@code uuid}: the knowledge entry that fired
 * ({@code ddi-statin-cyp3a4}), the {@code uuid}s of their suggestions and the override reasons they offered, so that feedback can be counted by entry
 * and checked against what the card offered. Bounded in size and time; feedback on a card no longer (or never) here
 * is counted under entry {@code unknown}. Kept in memory by the server that answered the hook call.
 */
final class IssuedCards {

    static final int CAPACITY = 100_000;
    static final Duration KEPT = Duration.ofHours(24);

    record Card(String entry, Set<String> suggestions, List<String> reasons) {}

    private final Cache<String, Card> cards;

    IssuedCards(int capacity, Duration kept) {
        cards = Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfterWrite(kept)
                .build();
    }

    void issued(String uuid, Card card) {
        cards.put(uuid, card);
    }

    /** The card, or null when it is not (or no longer) known. */
    Card find(String uuid) {
        return cards.getIfPresent(uuid);
    }
}
