package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A CDS client's JWT is accepted once: its {@code (iss, jti)} is kept until {@code exp} plus the skew, and no longer;
 * at most the capacity of them are kept, and beyond it JWTs are refused instead of replays let through.
 */
class SeenTokensTest {

    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final String EHR = "https://ehr.example.org";

    /** The clock of the expiry arithmetic, moved by the test. */
    static final class ManualTime extends Clock {
        private Instant now = Instant.parse("2026-06-01T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ManualTime time = new ManualTime();

    @Test
    void aJwtIsAcceptedOnceAndAFreshJtiEachTime() {
        SeenTokens seen = new SeenTokens(10, SKEW, time);
        Instant exp = time.instant().plus(Duration.ofMinutes(4));

        assertThat(seen.first(EHR, "a", exp)).isEqualTo(SeenTokens.Use.FIRST);
        assertThat(seen.first(EHR, "b", exp)).isEqualTo(SeenTokens.Use.FIRST);
        assertThat(seen.first(EHR, "a", exp)).isEqualTo(SeenTokens.Use.REPLAYED);
        // the same jti of another issuer is another JWT
        assertThat(seen.first("https://other-ehr.example.org", "a", exp)).isEqualTo(SeenTokens.Use.FIRST);
        assertThat(seen.size()).isEqualTo(3);
    }

    @Test
    void anEntryLivesUntilExpPlusTheSkewAndNoLonger() {
        SeenTokens seen = new SeenTokens(10, SKEW, time);
        Instant exp = time.instant().plus(Duration.ofMinutes(4));
        seen.first(EHR, "a", exp);

        time.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(seen.first(EHR, "a", exp)).isEqualTo(SeenTokens.Use.REPLAYED);
        time.advance(Duration.ofSeconds(2));
        assertThat(seen.size()).isZero();
    }

    @Test
    void beyondTheCapacityJwtsAreRefusedUntilSomeExpire() {
        SeenTokens seen = new SeenTokens(2, SKEW, time);
        seen.first(EHR, "a", time.instant().plus(Duration.ofMinutes(1)));
        seen.first(EHR, "b", time.instant().plus(Duration.ofMinutes(4)));

        assertThat(seen.first(EHR, "c", time.instant().plus(Duration.ofMinutes(4))))
                .isEqualTo(SeenTokens.Use.FULL);
        // nothing was evicted to make room: both are still refused
        assertThat(seen.first(EHR, "a", time.instant().plus(Duration.ofMinutes(1))))
                .isEqualTo(SeenTokens.Use.REPLAYED);
        assertThat(seen.first(EHR, "b", time.instant().plus(Duration.ofMinutes(4))))
                .isEqualTo(SeenTokens.Use.REPLAYED);

        time.advance(Duration.ofMinutes(2).plusSeconds(1));
        assertThat(seen.first(EHR, "c", time.instant().plus(Duration.ofMinutes(4))))
                .isEqualTo(SeenTokens.Use.FIRST);
    }

    record Call(String jti, int lifetimeSeconds, int waitSeconds) {}

    @Provide
    Arbitrary<List<Call>> calls() {
        return Combinators.combine(
                        Arbitraries.of("a", "b", "c", "d", "e", "f"),
                        Arbitraries.integers().between(-30, 300),
                        Arbitraries.integers().between(0, 200))
                .as(Call::new)
                .list()
                .ofMaxSize(60);
    }

    /**
     * Whatever the order of calls: a JWT is never accepted twice before its exp plus the skew, never refused as a
     * replay after it, and no more than the capacity are kept.
     */
    @Property(tries = 300)
    void aJtiIsFreeExactlyWhenNoUnexpiredUseOfItIsKept(@ForAll("calls") List<Call> calls) {
        ManualTime clock = new ManualTime();
        int capacity = 4;
        SeenTokens seen = new SeenTokens(capacity, SKEW, clock);
        Map<String, Instant> keptUntil = new HashMap<>();
        for (Call call : calls) {
            Instant now = clock.instant();
            keptUntil.values().removeIf(until -> !until.isAfter(now));
            Instant exp = now.plusSeconds(call.lifetimeSeconds());
            SeenTokens.Use use = seen.first(EHR, call.jti(), exp);
            if (keptUntil.containsKey(call.jti())) {
                assertThat(use).isEqualTo(SeenTokens.Use.REPLAYED);
            } else if (keptUntil.size() >= capacity) {
                assertThat(use).isEqualTo(SeenTokens.Use.FULL);
            } else {
                assertThat(use).isEqualTo(SeenTokens.Use.FIRST);
                keptUntil.put(call.jti(), exp.plus(SKEW));
            }
            assertThat(seen.size()).isLessThanOrEqualTo(capacity);
            clock.advance(Duration.ofSeconds(call.waitSeconds()));
        }
    }
}
