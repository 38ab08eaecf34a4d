package dev.legends.workload.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One horizontal autoscaler's decisions, as Kubernetes' HorizontalController makes them: the
 * highest proposal of its metrics, clamped to [min, max], stabilized over the windows (the
 * highest recommendation of the scale-down window, the lowest of the scale-up window), then
 * limited by the rate policies given the scale events of each policy's period. Not thread-safe:
 * one autoscaler loop owns it.
 */
public final class Hpa {
    /** What one pass decided; {@code desired == current} is no change. */
    public record Decision(int current, int desired, String reason) {
        public boolean changes() {
            return desired != current;
        }
    }

    /** One metric and the pods' samples of it. */
    public record Input(MetricTarget metric, List<PodSample> pods) {
        public Input {
            pods = List.copyOf(pods);
        }
    }

    private record Recommendation(Instant time, int replicas) {}

    private record ScaleEvent(Instant time, int change) {}

    private final int min;
    private final int max;
    private final Behavior behavior;
    private final ReplicaCalculator calculator;
    private final List<Recommendation> recommendations = new ArrayList<>();
    private final List<ScaleEvent> ups = new ArrayList<>();
    private final List<ScaleEvent> downs = new ArrayList<>();
    private boolean initialized;

    public Hpa(int min, int max, Behavior behavior, ReplicaCalculator calculator) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("need 1 <= min <= max, not " + min + ".." + max);
        }
        this.min = min;
        this.max = max;
        this.behavior = behavior;
        this.calculator = calculator;
    }

    /**
     * One pass over the metrics. Call {@link #recorded} after acting on a change so that the rate
     * policies see it.
     */
    public Decision decide(int current, List<Input> metrics, Instant now, Duration sampleWindow) {
        if (current == 0) {
            return new Decision(current, current, "scaled to zero by hand: autoscaling is off");
        }
        int proposal;
        String reason;
        // as Kubernetes: out-of-bounds counts are corrected at once, without windows or policies
        if (current > max) {
            return new Decision(current, max, "above the maximum");
        } else if (current < min) {
            return new Decision(current, min, "below the minimum");
        } else {
            proposal = -1;
            reason = null;
            int invalid = 0;
            for (Input in : metrics) {
                MetricTarget m = in.metric();
                OptionalInt d = calculator.desired(current, in.pods(), m, now, sampleWindow);
                if (d.isEmpty()) {
                    invalid++;
                } else if (d.getAsInt() > proposal) {
                    proposal = d.getAsInt();
                    reason = m.name() + " above target";
                }
            }
            if (proposal < 0) {
                return new Decision(current, current, "no metrics for any ready pod: leaving the scale alone");
            }
            // as Kubernetes: a scale-down needs every metric to agree
            if (invalid > 0 && proposal < current) {
                return new Decision(current, current, "some metrics are missing: not scaling down");
            }
            if (proposal < current) {
                reason = "all metrics below target";
            } else if (proposal == current) {
                reason = "metrics call for the current count";
            }
        }
        int normalized = normalize(current, proposal, now);
        if (normalized != proposal) {
            reason += normalized == current ? "; held by the stabilization window or rate policy"
                    : "; limited to " + normalized + " by the rate policy or bounds";
        }
        return new Decision(current, normalized, reason);
    }

    /** Records an applied change, for the rate policies' periods. */
    public void recorded(int from, int to, Instant now) {
        if (to > from) {
            ups.add(new ScaleEvent(now, to - from));
        } else if (to < from) {
            downs.add(new ScaleEvent(now, from - to));
        }
    }

    private int normalize(int current, int proposal, Instant now) {
        if (!initialized) {
            // a new autoscaler does not scale down before a whole window has passed
            initialized = true;
            if (behavior.scaleDown().stabilizationWindowSeconds() > 0) {
                recommendations.add(new Recommendation(now, current));
            }
        }
        int stabilized = stabilize(current, proposal, now);
        return rateLimit(current, stabilized, now);
    }

    private int stabilize(int current, int proposal, Instant now) {
        Instant upCutoff = now.minusSeconds(behavior.scaleUp().stabilizationWindowSeconds());
        Instant downCutoff = now.minusSeconds(behavior.scaleDown().stabilizationWindowSeconds());
        int up = proposal;
        int down = proposal;
        for (Recommendation r : recommendations) {
            if (r.time().isAfter(upCutoff)) {
                up = Math.min(up, r.replicas());
            }
            if (r.time().isAfter(downCutoff)) {
                down = Math.max(down, r.replicas());
            }
        }
        recommendations.removeIf(r -> r.time().isBefore(upCutoff) && r.time().isBefore(downCutoff));
        recommendations.add(new Recommendation(now, proposal));
        int result = current;
        if (result < up) {
            result = up;
        }
        if (result > down) {
            result = down;
        }
        return result;
    }

    private int rateLimit(int current, int desired, Instant now) {
        if (desired > current) {
            int limit = Math.max(current, upLimit(current, now));
            return Math.max(min, Math.min(desired, Math.min(max, limit)));
        }
        if (desired < current) {
            int limit = Math.min(current, downLimit(current, now));
            return Math.min(max, Math.max(desired, Math.max(min, limit)));
        }
        return Math.max(min, Math.min(max, desired));
    }

    private int upLimit(int current, Instant now) {
        Behavior.Rules rules = behavior.scaleUp();
        if (rules.select() == Behavior.Select.DISABLED) {
            return current;
        }
        boolean minChange = rules.select() == Behavior.Select.MIN;
        int result = minChange ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (Behavior.Policy p : rules.policies()) {
            int start = current - changed(ups, p.periodSeconds(), now) + changed(downs, p.periodSeconds(), now);
            int proposed = p.type() == Behavior.Type.PODS ? start + p.value() : (int) Math.ceil(start * (1 + p.value() / 100.0));
            result = minChange ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private int downLimit(int current, Instant now) {
        Behavior.Rules rules = behavior.scaleDown();
        if (rules.select() == Behavior.Select.DISABLED) {
            return current;
        }
        boolean minChange = rules.select() == Behavior.Select.MIN;
        int result = minChange ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (Behavior.Policy p : rules.policies()) {
            int start = current - changed(ups, p.periodSeconds(), now) + changed(downs, p.periodSeconds(), now);
            int proposed = p.type() == Behavior.Type.PODS ? start - p.value() : (int) (start * (1 - p.value() / 100.0));
            result = minChange ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private static int changed(List<ScaleEvent> events, int periodSeconds, Instant now) {
        Instant cutoff = now.minusSeconds(periodSeconds);
        events.removeIf(e -> e.time().isBefore(now.minusSeconds(3600)));
        return events.stream().filter(e -> e.time().isAfter(cutoff)).mapToInt(ScaleEvent::change).sum();
    }
}
