package dev.legends.release;

import dev.legends.workload.port.MirrorStats;
import java.util.List;

/**
 * What one release cost and did, measured: the seed's comparison table (downtime, extra
 * instances, rollback time, user impact) for a real run.
 *
 * @param downtimeMillis time during which the route had no ready instance behind any weighted backend
 * @param peakExtraInstances instances above the app's replica count at the peak (the cost of the strategy)
 * @param extraInstanceSeconds instance-seconds above the replica count over the release
 * @param rollbackMillis from the abort to all traffic on stable; null if not aborted (or not yet rolled back)
 */
public record ReleaseReport(long id, String app, int revision, int stableRevision, String strategy, boolean undo, String platform,
                            Phase phase, String message, String startedAt, String endedAt, long durationMillis,
                            List<TimelineEntry> timeline, List<VersionReport> versions, MirrorStats mirror, long downtimeMillis,
                            int replicas, int peakInstances, int peakExtraInstances, double extraInstanceSeconds, Long rollbackMillis,
                            List<ReleaseStatus.Analysis> analyses) {
    public ReleaseReport {
        timeline = List.copyOf(timeline);
        versions = List.copyOf(versions);
        analyses = List.copyOf(analyses);
    }

    /** Traffic one revision served during the release; latencies are NaN without requests. */
    public record VersionReport(String role, int revision, long requests, long errors, double successRate, double p50Millis,
                                double p99Millis, double requestsPerSecond) {}
}
