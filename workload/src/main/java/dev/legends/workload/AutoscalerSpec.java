package dev.legends.workload;

import dev.legends.core.LegendsException;

/**
 * {@code legends autoscale APP --min N --max M --cpu-percent P [--requests-per-second R]}: a
 * HorizontalPodAutoscaler of the app's stable revision.
 *
 * @param cpuPercent         target CPU utilization in percent of the container's CPU limit; null: none
 * @param requestsPerSecond  target requests per second per ready pod, from the gateway's metrics; null: none
 * @param scaleUpWindowSeconds   null: Kubernetes' 0
 * @param scaleDownWindowSeconds null: Kubernetes' 300
 */
public record AutoscalerSpec(String app, int minReplicas, int maxReplicas, Integer cpuPercent, Double requestsPerSecond,
                             Integer scaleUpWindowSeconds, Integer scaleDownWindowSeconds) {
    public void validate() {
        if (minReplicas < 1) {
            throw LegendsException.invalid("autoscale " + app + ": --min must be >= 1");
        }
        if (maxReplicas < minReplicas) {
            throw LegendsException.invalid("autoscale " + app + ": --max must be >= --min (" + minReplicas + ")");
        }
        if (maxReplicas > 100) {
            throw LegendsException.invalid("autoscale " + app + ": --max must be <= 100 on one host");
        }
        if (cpuPercent == null && requestsPerSecond == null) {
            throw LegendsException.invalid("autoscale " + app + ": give a target: --cpu-percent or --requests-per-second");
        }
        if (cpuPercent != null && cpuPercent < 1) {
            throw LegendsException.invalid("autoscale " + app + ": --cpu-percent must be >= 1");
        }
        if (requestsPerSecond != null && !(requestsPerSecond > 0)) {
            throw LegendsException.invalid("autoscale " + app + ": --requests-per-second must be > 0");
        }
        if ((scaleUpWindowSeconds != null && (scaleUpWindowSeconds < 0 || scaleUpWindowSeconds > 3600))
                || (scaleDownWindowSeconds != null && (scaleDownWindowSeconds < 0 || scaleDownWindowSeconds > 3600))) {
            throw LegendsException.invalid("autoscale " + app + ": stabilization windows must be within 0..3600 seconds");
        }
    }

    public int upWindow() {
        return scaleUpWindowSeconds == null ? 0 : scaleUpWindowSeconds;
    }

    public int downWindow() {
        return scaleDownWindowSeconds == null ? 300 : scaleDownWindowSeconds;
    }
}
