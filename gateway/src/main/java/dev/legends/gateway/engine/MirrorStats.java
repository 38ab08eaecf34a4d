package dev.legends.gateway.engine;

import dev.legends.gateway.RouteMetrics;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** What a route's mirror did, and the latest differences it found (at most {@link #SAMPLES}). */
final class MirrorStats {
    static final int SAMPLES = 20;

    final LongAdder sent = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder compared = new LongAdder();
    final LongAdder matched = new LongAdder();
    final LongAdder differed = new LongAdder();
    final LongAdder noisy = new LongAdder();
    private final ArrayDeque<RouteMetrics.Difference> samples = new ArrayDeque<>();

    synchronized void sample(RouteMetrics.Difference d) {
        if (samples.size() == SAMPLES) {
            samples.removeFirst();
        }
        samples.addLast(d);
    }

    synchronized RouteMetrics.MirrorMetrics read(String version) {
        return new RouteMetrics.MirrorMetrics(version, sent.sum(), skipped.sum(), completed.sum(), failed.sum(), compared.sum(),
                matched.sum(), differed.sum(), noisy.sum(), List.copyOf(samples));
    }

    static RouteMetrics.Difference difference(String method, String path, String field, String primary, String shadow) {
        return new RouteMetrics.Difference(System.currentTimeMillis(), method, path, field, primary, shadow);
    }
}
