package dev.legends.release;

import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.MirrorStats;
import dev.legends.workload.port.VersionMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Steady load through the route, counted per revision the way the gateway's counters are: each
 * tick sends {@code rps} requests a second split by the route's weights; a backend with no ready
 * instance fails every request it gets; a revision's error rate and typical latency are set by the
 * test. Mirrored copies are counted apart. Queries sum the ticks whose start falls in the window.
 */
final class FakeTraffic implements MetricsSource {
    static final List<Double> BOUNDS = List.of(5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0);

    private record Sample(long timeMs, int revision, long requests, long errors, long[] histogram, boolean mirrored, long differences) {}

    private final List<Sample> samples = new ArrayList<>();
    final Map<Integer, Double> errorRate = new HashMap<>();
    /** Index into BOUNDS of the bucket most of a revision's requests fall in. */
    final Map<Integer, Integer> latencyBucket = new HashMap<>();
    final Map<Integer, Double> differenceRate = new HashMap<>();
    int rps = 200;
    long failedRequests;

    synchronized void generate(Instant from, Instant to, Optional<AppRoute> route, FakePlatform platform) {
        if (route.isEmpty()) {
            return;
        }
        double seconds = (to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
        long total = Math.round(rps * seconds);
        for (AppRoute.Backend b : route.get().backends()) {
            long n = total * b.weight() / AppRoute.TOTAL_WEIGHT;
            if (n == 0) {
                continue;
            }
            long errors = platform.ready(b.revision()) == 0 ? n : Math.round(n * errorRate.getOrDefault(b.revision(), 0.0));
            failedRequests += errors;
            samples.add(new Sample(from.toEpochMilli(), b.revision(), n, errors, histogram(b.revision(), n), false, 0));
        }
        AppRoute.Mirror m = route.get().mirror();
        if (m != null) {
            long n = Math.round(total * m.percent() / 100);
            long errors = platform.ready(m.revision()) == 0 ? n : Math.round(n * errorRate.getOrDefault(m.revision(), 0.0));
            long diff = Math.round(n * differenceRate.getOrDefault(m.revision(), 0.0));
            samples.add(new Sample(from.toEpochMilli(), m.revision(), n, errors, histogram(m.revision(), n), true, diff));
        }
    }

    /** Half the requests in the revision's bucket, a quarter in each neighbour. */
    private long[] histogram(int revision, long n) {
        long[] h = new long[BOUNDS.size() + 1];
        int b = latencyBucket.getOrDefault(revision, 2);
        long quarter = n / 4;
        h[Math.max(0, b - 1)] += quarter;
        h[Math.min(BOUNDS.size(), b + 1)] += quarter;
        h[b] += n - 2 * quarter;
        return h;
    }

    @Override
    public synchronized VersionMetrics query(String app, int revision, Instant from, Instant to) {
        long requests = 0;
        long errors = 0;
        long[] h = new long[BOUNDS.size() + 1];
        for (Sample s : samples) {
            if (!s.mirrored() && s.revision() == revision && s.timeMs() >= from.toEpochMilli() && s.timeMs() < to.toEpochMilli()) {
                requests += s.requests();
                errors += s.errors();
                for (int i = 0; i < h.length; i++) {
                    h[i] += s.histogram()[i];
                }
            }
        }
        return new VersionMetrics(app, revision, from, to, requests, errors, BOUNDS, Arrays.stream(h).boxed().toList());
    }

    @Override
    public synchronized Optional<MirrorStats> mirror(String app, int revision, Instant from, Instant to) {
        long n = 0;
        long errors = 0;
        long diff = 0;
        for (Sample s : samples) {
            if (s.mirrored() && s.revision() == revision && s.timeMs() >= from.toEpochMilli() && s.timeMs() < to.toEpochMilli()) {
                n += s.requests();
                errors += s.errors();
                diff += s.differences();
            }
        }
        if (n == 0) {
            return Optional.empty();
        }
        List<String> examples = diff > 0 ? List.of("GET /: body differs") : List.of();
        return Optional.of(new MirrorStats(n, errors, n, diff, 20, 80, examples));
    }
}
