package dev.legends.workload.port;

import java.time.Instant;
import java.util.List;

/**
 * Requests of one revision in [from, to): counts and a latency histogram.
 *
 * @param errors responses with status >= 500 and requests the backend never answered
 * @param latencyBoundsMillis upper bounds of the histogram buckets, ascending; the last bucket is unbounded
 * @param latencyCounts one count per bound, plus one for the overflow bucket
 */
public record VersionMetrics(String app, int revision, Instant from, Instant to, long requests, long errors,
                             List<Double> latencyBoundsMillis, List<Long> latencyCounts) {
    public VersionMetrics {
        latencyBoundsMillis = List.copyOf(latencyBoundsMillis);
        latencyCounts = List.copyOf(latencyCounts);
        if (latencyCounts.size() != latencyBoundsMillis.size() + 1) {
            throw new IllegalArgumentException("a histogram needs one count per bound plus the overflow bucket");
        }
    }

    public static VersionMetrics empty(String app, int revision, Instant from, Instant to) {
        return new VersionMetrics(app, revision, from, to, 0, 0, List.of(), List.of(0L));
    }

    /** Fraction of requests that succeeded, or NaN when there were none (inconclusive). */
    public double successRate() {
        return requests == 0 ? Double.NaN : (requests - errors) / (double) requests;
    }

    public double requestsPerSecond() {
        double seconds = (to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
        return seconds <= 0 ? 0 : requests / seconds;
    }

    /** The q-quantile (0..1) of latency in milliseconds, interpolated within its bucket; NaN without data. */
    public double latencyMillis(double q) {
        long total = latencyCounts.stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long seen = 0;
        for (int i = 0; i < latencyCounts.size(); i++) {
            long c = latencyCounts.get(i);
            if (c > 0 && seen + c >= rank) {
                double lo = i == 0 ? 0 : latencyBoundsMillis.get(i - 1);
                if (i == latencyBoundsMillis.size()) {
                    return lo; // overflow bucket: its lower bound is all we know
                }
                double hi = latencyBoundsMillis.get(i);
                return lo + (hi - lo) * ((rank - seen) / c);
            }
            seen += c;
        }
        return latencyBoundsMillis.isEmpty() ? 0 : latencyBoundsMillis.getLast();
    }
}
