package dev.legends.image.registry;

import dev.legends.core.Digest;
import dev.legends.image.registry.BlobProgress.Kind;
import dev.legends.image.registry.BlobProgress.State;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands blob states to the user's listener one at a time (transfers run in parallel, a terminal
 * bar does not), and thins out byte counts: every change of state goes through, a byte count only
 * when it moved by {@link #STEP} bytes or {@link #INTERVAL_NANOS} passed since the blob's last one.
 */
final class Progress {
    private static final long STEP = 1 << 20;
    private static final long INTERVAL_NANOS = 200_000_000L;

    private record Last(State state, long done, long at) {}

    private final ProgressListener listener;
    private final Map<Digest, Last> last = new HashMap<>();

    Progress(ProgressListener listener) {
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    synchronized void update(Digest digest, Kind kind, State state, long done, long total) {
        long now = System.nanoTime();
        Last previous = last.get(digest);
        if (previous != null && previous.state() == state && done != total
                && done - previous.done() < STEP && now - previous.at() < INTERVAL_NANOS) {
            return;
        }
        last.put(digest, new Last(state, done, now));
        listener.update(new BlobProgress(digest, kind, state, done, total));
    }
}
