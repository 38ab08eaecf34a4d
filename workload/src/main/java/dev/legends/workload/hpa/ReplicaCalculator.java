package dev.legends.workload.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Kubernetes' replica calculation for one metric (pkg/controller/podautoscaler/replica_calculator.go):
 * desired = ceil(ready pods × average ÷ target), no change within the tolerance, and the
 * conservative treatment of pods without a usable sample: on a scale-down a missing pod counts as
 * using the whole target, on a scale-up as using nothing; not-ready pods count as using nothing,
 * and only on a scale-up; a result that would reverse the direction is dropped.
 */
public final class ReplicaCalculator {
    public static final double DEFAULT_TOLERANCE = 0.1;
    /** --horizontal-pod-autoscaler-cpu-initialization-period */
    public static final Duration CPU_INITIALIZATION = Duration.ofMinutes(5);
    /** --horizontal-pod-autoscaler-initial-readiness-delay */
    public static final Duration READINESS_DELAY = Duration.ofSeconds(30);

    private final double tolerance;
    private final Duration cpuInitialization;
    private final Duration readinessDelay;

    public ReplicaCalculator(double tolerance, Duration cpuInitialization, Duration readinessDelay) {
        this.tolerance = tolerance;
        this.cpuInitialization = cpuInitialization;
        this.readinessDelay = readinessDelay;
    }

    public static ReplicaCalculator defaults() {
        return new ReplicaCalculator(DEFAULT_TOLERANCE, CPU_INITIALIZATION, READINESS_DELAY);
    }

    /**
     * The replica count this metric asks for, or empty when it cannot say (no ready pod has a
     * sample): Kubernetes then leaves the scale alone.
     *
     * @param current the scale target's replica count now
     * @param sampleWindow how far back a sample looks (a CPU sample taken partly before the pod became ready is not trusted)
     */
    public OptionalInt desired(int current, List<PodSample> pods, MetricTarget target, Instant now, Duration sampleWindow) {
        List<Double> ready = new ArrayList<>();
        int unready = 0;
        int missing = 0;
        for (PodSample p : pods) {
            if (isUnready(p, target.cpu(), now, sampleWindow)) {
                unready++;
            } else if (p.value() == null) {
                missing++;
            } else {
                ready.add(p.value());
            }
        }
        if (ready.isEmpty()) {
            return OptionalInt.empty();
        }
        double sum = ready.stream().mapToDouble(Double::doubleValue).sum();
        double ratio = sum / ready.size() / target.target();
        boolean scaleUpWithUnready = unready > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && missing == 0) {
            if (withinTolerance(ratio)) {
                return OptionalInt.of(current);
            }
            return OptionalInt.of(ceil(ratio * ready.size()));
        }
        int counted = ready.size();
        if (missing > 0) {
            // on a scale-down, assume the missing use the whole target; on a scale-up, nothing
            sum += ratio < 1.0 ? missing * target.target() : 0;
            counted += missing;
        }
        if (scaleUpWithUnready) {
            counted += unready; // as using nothing
        }
        double newRatio = sum / counted / target.target();
        if (withinTolerance(newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
            return OptionalInt.of(current);
        }
        int proposed = ceil(newRatio * counted);
        if ((newRatio < 1.0 && proposed > current) || (newRatio > 1.0 && proposed < current)) {
            return OptionalInt.of(current);
        }
        return OptionalInt.of(proposed);
    }

    /** Kubernetes' groupPods: pending pods never count; for CPU, pods still warming up do not either. */
    private boolean isUnready(PodSample p, boolean cpu, Instant now, Duration sampleWindow) {
        if (!p.running()) {
            return true;
        }
        if (!cpu || p.started() == null) {
            return false;
        }
        if (p.started().plus(cpuInitialization).isAfter(now)) {
            // in its initialization period a pod counts only once ready, and with a sample taken wholly after that
            return !p.ready() || p.readySince() == null || now.minus(sampleWindow).isBefore(p.readySince());
        }
        // afterwards, a not-ready pod is unready only if it never became ready after its start (Kubernetes
        // compares the condition's last transition with start + the readiness delay; we keep when it became ready)
        return !p.ready() && (p.readySince() == null || p.started().plus(readinessDelay).isAfter(now));
    }

    /**
     * |1 - 55/50| is 0.10000000000000009 in binary floating point: without a little slack 55% of a
     * 50% target would scale although the documented rule (and a person) says it is within 0.1.
     */
    private boolean withinTolerance(double ratio) {
        return Math.abs(1.0 - ratio) <= tolerance + 1e-9;
    }

    private static int ceil(double v) {
        // 2.0000000001 from floating error must not add a pod
        return (int) Math.ceil(v - 1e-9);
    }
}
