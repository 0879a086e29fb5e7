package org.carerelay.notify.rules;

import java.time.Duration;

/** The wait before the next attempt after {@code failures} failed ones: doubling from the first, capped. */
public record Backoff(Duration initial, Duration max) {

    public Duration after(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration wait = initial;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
