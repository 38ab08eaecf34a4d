package dev.legends.workload;

import java.time.Duration;

/**
 * Timings of the replica controller and the autoscaler. The defaults are Kubernetes'; tests
 * shorten them.
 *
 * @param resync          how often the controller compares desired and observed state without an event
 * @param backoffInitial  the first delay before restarting a crashed container (kubelet: 10 s), doubling
 * @param backoffMax      the longest delay (kubelet: 5 min)
 * @param backoffReset    a container that ran this long starts its back-off afresh (kubelet: 10 min)
 * @param autoscalerSync  how often autoscalers decide (kube-controller-manager: 15 s)
 * @param cpuInitialization pods younger than this count for CPU only once ready with a whole sample (5 min)
 */
public record WorkloadConfig(Duration resync, Duration backoffInitial, Duration backoffMax, Duration backoffReset,
                             Duration autoscalerSync, Duration cpuInitialization) {
    public static WorkloadConfig defaults() {
        return new WorkloadConfig(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofSeconds(15), Duration.ofMinutes(5));
    }

    public WorkloadConfig withAutoscalerSync(Duration d) {
        return new WorkloadConfig(resync, backoffInitial, backoffMax, backoffReset, d, cpuInitialization);
    }

    public WorkloadConfig withBackoff(Duration initial, Duration max) {
        return new WorkloadConfig(resync, initial, max, backoffReset, autoscalerSync, cpuInitialization);
    }

    public WorkloadConfig withResync(Duration d) {
        return new WorkloadConfig(d, backoffInitial, backoffMax, backoffReset, autoscalerSync, cpuInitialization);
    }

    public WorkloadConfig withCpuInitialization(Duration d) {
        return new WorkloadConfig(resync, backoffInitial, backoffMax, backoffReset, autoscalerSync, d);
    }
}
