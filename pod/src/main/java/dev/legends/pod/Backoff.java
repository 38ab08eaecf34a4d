package dev.legends.pod;

import java.time.Duration;

/**
 * Docker's restart back-off: 100 ms before the first restart, doubling with every restart of a
 * container that ran less than 10 s, capped at one minute, and back to 100 ms after a run of 10 s
 * or more.
 */
final class Backoff {
    static final Duration INITIAL = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofMinutes(1);
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    private Duration current;

    synchronized Duration next(Duration ranFor) {
        if (current == null || ranFor.compareTo(RESET_AFTER) >= 0) {
            current = INITIAL;
        } else {
            current = current.multipliedBy(2);
            if (current.compareTo(MAX) > 0) {
                current = MAX;
            }
        }
        return current;
    }
}
