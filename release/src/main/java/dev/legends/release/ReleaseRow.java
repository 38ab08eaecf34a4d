package dev.legends.release;

import java.util.Map;

/**
 * One release as stored. The plan is not stored: it is compiled again from {@code strategy} (the
 * manifest's spec.strategy when the release started) so the steps a restarted controller runs are
 * the ones the release began with, even if the manifest changed since.
 */
record ReleaseRow(long id, String app, int revision, int stableRevision, int replicas, String kind, boolean undo,
                  Map<String, Object> strategy, String override, Phase phase, int step, String message, long createdMs,
                  long updatedMs, Long endedMs, Progress progress) {
    ReleaseRow withId(long newId) {
        return new ReleaseRow(newId, app, revision, stableRevision, replicas, kind, undo, strategy, override, phase, step, message,
                createdMs, updatedMs, endedMs, progress);
    }

    ReleaseRow with(Phase p, int s, String m, long now, Long ended) {
        return new ReleaseRow(id, app, revision, stableRevision, replicas, kind, undo, strategy, override, p, s, m, createdMs, now,
                ended, progress);
    }
}
