package org.carerelay.conflict;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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

    private final Cache<String, Instant> seen;
    private final Clock clock;
    private final Duration skew;
    private final int capacity;

    SeenTokens(int capacity, Duration skew) {
        this(capacity, skew, Ticker.systemTicker(), Clock.systemUTC());
    }

    /** With the time of {@code ticker} and {@code clock}, which must agree (tests move both). */
    SeenTokens(int capacity, Duration skew, Ticker ticker, Clock clock) {
        this.clock = clock;
        this.skew = skew;
        this.capacity = capacity;
        this.seen = Caffeine.newBuilder()
                .ticker(ticker)
                // a bound on memory only: first() refuses before it is reached
                .maximumSize(capacity + 1L)
                .expireAfter(new Expiry<String, Instant>() {
                    @Override
                    public long expireAfterCreate(String key, Instant expiry, long currentTime) {
                        return Math.max(
                                0, Duration.between(clock.instant(), expiry).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Instant expiry, long currentTime, long duration) {
                        return duration;
                    }

                    @Override
                    public long expireAfterRead(String key, Instant expiry, long currentTime, long duration) {
                        return duration;
                    }
                })
                .build();
    }

    /** Records the JWT {@code jti} of {@code issuer}, valid until {@code expiresAt}, unless it was seen before. */
    synchronized Use first(String issuer, String jti, Instant expiresAt) {
        String key = issuer + '\n' + jti;
        if (seen.getIfPresent(key) != null) {
            return Use.REPLAYED;
        }
        if (seen.estimatedSize() >= capacity) {
            seen.cleanUp();
            if (seen.estimatedSize() >= capacity) {
                return Use.FULL;
            }
        }
        seen.put(key, expiresAt.plus(skew));
        return Use.FIRST;
    }

    long size() {
        seen.cleanUp();
        return seen.estimatedSize();
    }
}
