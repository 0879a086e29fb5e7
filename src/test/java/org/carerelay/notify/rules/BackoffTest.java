package org.carerelay.notify.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void theWaitDoublesFromTheFirstFailureUpToTheMaximum() {
        assertThat(backoff.after(0)).isEqualTo(Duration.ZERO);
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.after(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(backoff.after(10)).isEqualTo(Duration.ofMinutes(5));
    }

    @Property
    void theWaitNeverShrinksAndNeverExceedsTheMaximum(@ForAll @IntRange(min = 1, max = 100_000) int failures) {
        assertThat(backoff.after(failures)).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.after(failures + 1)).isGreaterThanOrEqualTo(backoff.after(failures));
    }
}
