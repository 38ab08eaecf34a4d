package dev.legends.release;

/** One line of {@code legends release history}. */
public record ReleaseSummary(long id, int revision, int stableRevision, String strategy, boolean undo, Phase phase, String health,
                             String startedAt, String endedAt, String message) {}
