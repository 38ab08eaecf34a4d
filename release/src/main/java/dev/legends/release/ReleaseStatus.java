package dev.legends.release;

import java.util.List;

/**
 * A release as {@code legends release status} shows it: where it is in its plan, the route as the
 * router has it, instances per revision, and analysis results. Times are ISO-8601 strings.
 *
 * @param step 0-based index of the current step; equal to {@code plan.size()} once complete
 */
public record ReleaseStatus(long id, String app, int revision, int stableRevision, String strategy, boolean undo, String platform,
                            Phase phase, String health, int step, List<String> plan, String message, String pauseReason,
                            String route, List<Weight> weights, List<Revision> revisions, Analysis analysis,
                            List<Analysis> analyses, String startedAt, String endedAt, Long rollbackMillis, long downtimeMillis,
                            int peakInstances) {
    public ReleaseStatus {
        plan = List.copyOf(plan);
        weights = List.copyOf(weights);
        revisions = List.copyOf(revisions);
        analyses = List.copyOf(analyses);
    }

    /**
     * Whether the release is over for someone watching it: completed, or aborted with all traffic
     * back on stable (only its scale-down delay may be left).
     */
    public boolean ended() {
        return phase == Phase.COMPLETED || (phase == Phase.ABORTED && rollbackMillis != null);
    }

    public record Weight(String version, int revision, int perMille) {}

    /** @param role "stable", "new" */
    public record Revision(int revision, String role, int desired, int ready, int live) {}

    public record Analysis(int step, String label, String phase, String message, List<Metric> metrics) {
        public Analysis {
            metrics = List.copyOf(metrics);
        }
    }

    public record Metric(String name, String phase, int measurements, String last) {}
}
