package dev.legends.workload.port;

import java.time.Instant;
import java.util.Optional;

/**
 * What analysis reads: per-revision traffic of an app over a window, from the gateway's counters
 * on the local engine or from Prometheus on Kubernetes. A window with no requests returns
 * {@link VersionMetrics#requests()} 0, which analysis must treat as inconclusive, never as a pass.
 */
public interface MetricsSource {
    VersionMetrics query(String app, int revision, Instant from, Instant to);

    /** Comparison of mirrored responses against the primary's, for shadow releases; empty if not mirrored. */
    Optional<MirrorStats> mirror(String app, int revision, Instant from, Instant to);
}
