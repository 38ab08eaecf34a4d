package dev.legends.workload.hpa;

import java.time.Instant;

/**
 * One pod of the scale target as the autoscaler sees it.
 *
 * @param running    false: pending (not started yet) or failed
 * @param readySince when it last became ready; null if never
 * @param value      the pod's metric (CPU utilization in percent of its limit, or requests per
 *                   second); null when there is no sample for it
 */
public record PodSample(String name, boolean running, boolean ready, Instant started, Instant readySince, Double value) {}
