package dev.legends.release;

import dev.legends.release.analysis.AnalysisRun;
import dev.legends.workload.port.MirrorStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable part of a release that the controller persists with every state change (one JSON
 * column: what a step needs to carry on after a restart, and the measurements the report shows).
 * Public fields because it is a wire format for the store, not an API.
 */
final class Progress {
    public long stepStartedMs;
    /** Set by promote --full: steps that only wait or test are skipped. */
    public boolean full;
    public String pauseReason;
    /** Why the release paused: "step", "user" or "inconclusive". */
    public String pauseKind;

    // canary
    public int canaryWeight;
    public Integer canaryScaleReplicas;
    public Integer canaryScalePercent;

    // rolling update
    public long lastProgressMs;
    public String lastProgressKey;
    public Map<String, Long> readySince = new HashMap<>();

    // analysis of the current step, and the finished ones
    public AnalysisRun analysis;
    public List<AnalysisOutcome> analyses = new ArrayList<>();
    /** Canary's background analysis, and whether it is over (finished, or skipped by promote). */
    public AnalysisRun background;
    public boolean backgroundDone;

    // shadow
    public MirrorStats mirror;

    // measured for the report
    public Long downSinceMs;
    public long downtimeMs;
    public int peakInstances;
    public double extraInstanceSeconds;
    public long lastObservedMs;

    // abort and cleanup
    public Long abortedMs;
    public Long rolledBackMs;
    public Integer cleanupRevision;
    public Long cleanupAtMs;
    public boolean cleanupDone = true;

    /** A finished analysis, kept for status and the report. */
    public record AnalysisOutcome(int step, String label, String phase, String message, List<AnalysisRun.MetricRun> metrics) {}
}
