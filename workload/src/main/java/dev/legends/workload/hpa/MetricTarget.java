package dev.legends.workload.hpa;

/**
 * A metric and its target per pod: CPU utilization percent (a Resource metric, whose readiness
 * rules are stricter, as Kubernetes' for CPU), or an average value such as requests per second.
 */
public record MetricTarget(String name, boolean cpu, double target) {
    public MetricTarget {
        if (!(target > 0)) {
            throw new IllegalArgumentException(name + ": target must be > 0");
        }
    }

    public static MetricTarget cpuPercent(int percent) {
        return new MetricTarget("cpu", true, percent);
    }

    public static MetricTarget perPod(String name, double target) {
        return new MetricTarget(name, false, target);
    }
}
