package dev.legends.release.strategy;

import dev.legends.release.analysis.AnalysisSpec;
import java.time.Duration;
import java.util.List;

/**
 * A strategy compiled for one app: its steps in order, and the delay after an abort before the
 * new revision's instances are scaled down (so a mistaken abort can be reversed cheaply).
 */
public record Plan(Kind kind, List<Step> steps, Duration abortScaleDownDelay, Background background) {
    public Plan {
        steps = List.copyOf(steps);
    }

    public Plan(Kind kind, List<Step> steps, Duration abortScaleDownDelay) {
        this(kind, steps, abortScaleDownDelay, null);
    }

    /**
     * Canary's background analysis (Argo Rollouts' {@code canary.analysis}): measured from step
     * {@code startingStep} (1-based) for as long as the release progresses; a failure aborts it.
     */
    public record Background(AnalysisSpec spec, int startingStep) {}

    public enum Kind {
        RECREATE("recreate"), ROLLING_UPDATE("rollingUpdate"), BLUE_GREEN("blueGreen"), CANARY("canary"),
        AB_TESTING("abTesting"), SHADOW("shadow");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        /** The key under spec.strategy, after Argo Rollouts (and Kubernetes for recreate and rollingUpdate). */
        public String field() {
            return field;
        }

        /** The name of the new revision's backend on the route, which reports and status show. */
        public String newVersion() {
            return switch (this) {
                case BLUE_GREEN -> "preview";
                case AB_TESTING -> "b";
                case SHADOW -> "shadow";
                default -> "canary";
            };
        }

        public String stableVersion() {
            return switch (this) {
                case BLUE_GREEN -> "active";
                case AB_TESTING -> "a";
                default -> "stable";
            };
        }
    }
}
