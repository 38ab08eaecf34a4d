package dev.legends.release.strategy;

import dev.legends.release.manifest.Durations;
import dev.legends.release.analysis.AnalysisSpec;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.RouteMatch;
import java.time.Duration;
import java.util.List;

/**
 * One step of a release plan. Every strategy is an ordered list of these; the controller runs the
 * current one on each tick until it says the step is done, so the persisted step index is all a
 * restarted controller needs to carry on.
 */
public sealed interface Step {
    /** A line for status and the timeline. */
    String describe();

    /** Recreate: scale the stable revision to 0 and wait until none of its instances is left. */
    record ScaleDownStable() implements Step {
        public String describe() {
            return "scale the stable revision to 0";
        }
    }

    /** Run {@code replicas} (null: the app's count) instances of the new revision and wait until they are ready. */
    record ScaleUpNew(Integer replicas) implements Step {
        public String describe() {
            return "scale the new revision to " + (replicas == null ? "all replicas" : replicas) + " and wait until ready";
        }
    }

    /** Ramped: Kubernetes' rolling update, instances replaced within the surge and unavailability budget. */
    record RollingUpdate(int maxSurge, int maxUnavailable, Duration minReady, Duration progressDeadline) implements Step {
        public String describe() {
            return "rolling update (maxSurge " + maxSurge + ", maxUnavailable " + maxUnavailable + ")";
        }
    }

    /** Canary: {@code perMille} of the traffic to the canary, its instances sized to match unless fixed. */
    record SetWeight(int perMille) implements Step {
        public String describe() {
            return "setWeight " + Weights.percent(perMille);
        }
    }

    /** Canary: fix the canary's size (replicas or a percentage of the app), or follow the traffic weight again. */
    record SetCanaryScale(Integer replicas, Integer weightPercent, boolean matchTrafficWeight) implements Step {
        public String describe() {
            return matchTrafficWeight ? "setCanaryScale matchTrafficWeight"
                    : replicas != null ? "setCanaryScale " + replicas + " replicas" : "setCanaryScale " + weightPercent + "%";
        }
    }

    /** Wait {@code duration}; null waits until promoted. */
    record Pause(Duration duration, String reason) implements Step {
        public String describe() {
            return "pause " + Durations.format(duration) + (reason == null ? "" : " (" + reason + ")");
        }
    }

    record Analysis(String label, AnalysisSpec spec) implements Step {
        public String describe() {
            return label;
        }
    }

    /** Blue/green: the active route unchanged, the green set reached by a preview match. */
    record Preview(RouteMatch match) implements Step {
        public String describe() {
            return "preview route: " + match.source().name().toLowerCase() + " " + match.name()
                    + (match.value() == null ? "" : " = " + match.value());
        }
    }

    /** A/B testing: matches send users to B, a sticky share of the rest too. */
    record AbRoute(List<RouteMatch> matches, int sharePerMille, AppRoute.Sticky sticky) implements Step {
        public AbRoute {
            matches = List.copyOf(matches);
        }

        public String describe() {
            return "A/B route: " + matches.size() + " match(es), " + Weights.percent(sharePerMille) + " of users sticky to B";
        }
    }

    /** Shadow: mirror a share of live requests to the new revision; its responses are discarded. */
    record Mirror(double percent, boolean compare) implements Step {
        public String describe() {
            return "mirror " + percent + "% of requests" + (compare ? ", compare responses" : "");
        }
    }

    /**
     * Shadow: watch the mirrored traffic for {@code duration}; abort if its error or difference
     * rate is above the limit, pause as inconclusive if nothing was mirrored.
     */
    record ShadowCompare(Duration duration, double maxErrorRate, double maxDifferenceRate) implements Step {
        public String describe() {
            return "compare mirrored responses for " + Durations.format(duration);
        }
    }

    /** All traffic to the new revision in one route apply. */
    record SwitchAll() implements Step {
        public String describe() {
            return "switch all traffic to the new revision";
        }
    }

    /** Mark the new revision stable; scale the old one down after the delay. */
    record Finish(Duration scaleDownDelay) implements Step {
        public String describe() {
            return "mark stable, scale the old revision down after " + Durations.format(scaleDownDelay);
        }
    }
}
