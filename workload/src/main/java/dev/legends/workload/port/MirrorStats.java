package dev.legends.workload.port;

import java.util.List;

/**
 * Mirrored requests of a shadow revision over a window.
 *
 * @param differences comparisons that differed beyond the noise seen between two primary replicas
 * @param samples a few differing requests, described for people ("GET /x: status 200 vs 500")
 */
public record MirrorStats(long mirrored, long errors, long compared, long differences, double p50Millis,
                          double p99Millis, List<String> samples) {
    public MirrorStats {
        samples = List.copyOf(samples);
    }
}
