package dev.legends.image.registry;

import java.io.IOException;
import java.time.Duration;

/**
 * A registry answer worth trying again (429, 5xx): an IOException, so that the retry logic treats
 * it like a dropped connection.
 *
 * @see Retrier
 */
final class TransientFailure extends IOException {
    private final Duration retryAfter;

    TransientFailure(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** What the registry asked for with Retry-After, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
