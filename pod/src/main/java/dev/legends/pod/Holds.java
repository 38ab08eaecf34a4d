package dev.legends.pod;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readers attached to a container's output. An auto-removed container that someone follows is
 * removed by that reader once it has read the last line, not by the supervisor, which would take
 * the log away under it. A foreground run reserves its hold before the container starts, since a
 * short command may exit before the client attaches.
 */
final class Holds {
    private static final Duration RESERVATION = Duration.ofSeconds(30);

    private final Map<String, Integer> attached = new ConcurrentHashMap<>();
    private final Map<String, Long> reserved = new ConcurrentHashMap<>();

    void reserve(String id) {
        reserved.put(id, System.nanoTime() + RESERVATION.toNanos());
    }

    /** An attached reader; closing it detaches. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** Attaches a reader (using up a reservation). */
    Hold attach(String id) {
        attached.merge(id, 1, Integer::sum);
        reserved.remove(id);
        return () -> attached.computeIfPresent(id, (k, n) -> n <= 1 ? null : n - 1);
    }

    boolean held(String id) {
        if (attached.containsKey(id)) {
            return true;
        }
        Long until = reserved.get(id);
        if (until != null && System.nanoTime() - until > 0) {
            reserved.remove(id); // the client never came: the supervisor may remove it now
            return false;
        }
        return until != null;
    }

    void forget(String id) {
        reserved.remove(id);
    }
}
