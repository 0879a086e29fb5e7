package org.carerelay.conflict;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The {@code (iss, jti)} of every CDS client JWT accepted and not yet expired, so that a JWT is accepted once (CDS
 * Hooks: the {@code jti} protects against replay). An entry lives until the JWT's {@code exp} plus the clock skew the
 * verifier allows, after which the JWT is refused for its {@code exp} anyway. At most {@code capacity} entries are
 * kept: when that many unexpired JWTs have been accepted, further ones are refused until some expire, rather than an
 * entry being evicted early and its JWT becoming replayable.
 */
final class SeenTokens {

    /** With JWTs living at most six minutes (five ahead plus a minute of skew), about 270 calls a second. */
    static final int CAPACITY = 100_000;

    enum Use {
        FIRST,
        REPLAYED,
        FULL
    }

    private final Map<String, Instant> seen = new HashMap<>();
    /** The same entries, the soonest to expire first: an entry is forgotten exactly when its time has passed. */
    private final PriorityQueue<Kept> byExpiry = new PriorityQueue<>(Comparator.comparing(Kept::until));

    private final Clock clock;
    private final Duration skew;
    private final int capacity;

    private record Kept(String key, Instant until) {}

    SeenTokens(int capacity, Duration skew) {
        this(capacity, skew, Clock.systemUTC());
    }

    SeenTokens(int capacity, Duration skew, Clock clock) {
        this.clock = clock;
        this.skew = skew;
        this.capacity = capacity;
    }

    /** Records the JWT {@code jti} of {@code issuer}, valid until {@code expiresAt}, unless it was seen before. */
    synchronized Use first(String issuer, String jti, Instant expiresAt) {
        forgetExpired();
        String key = issuer + '\n' + jti;
        if (seen.containsKey(key)) {
            return Use.REPLAYED;
        }
        if (seen.size() >= capacity) {
            return Use.FULL;
        }
        Instant until = expiresAt.plus(skew);
        seen.put(key, until);
        byExpiry.add(new Kept(key, until));
        return Use.FIRST;
    }

    /** Forgets every entry whose time has come (each key is kept once, so the map and the queue hold the same). */
    private void forgetExpired() {
        Instant now = clock.instant();
        while (!byExpiry.isEmpty() && !byExpiry.peek().until().isAfter(now)) {
            seen.remove(byExpiry.poll().key());
        }
    }

    synchronized long size() {
        forgetExpired();
        return seen.size();
    }
}
