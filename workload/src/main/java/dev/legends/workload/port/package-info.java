/**
 * The three ports the release layer drives (shared/DESIGN.md), so that one release controller
 * runs unchanged on the local engine and on Kubernetes:
 * <ul>
 *   <li>{@link dev.legends.workload.port.Platform}: run N instances of a revision, list them with
 *       their readiness, remove them;</li>
 *   <li>{@link dev.legends.workload.port.TrafficRouter}: apply an app's route (weights, matches,
 *       mirror, sticky assignment);</li>
 *   <li>{@link dev.legends.workload.port.MetricsSource}: requests, errors and latency of one
 *       revision over a window.</li>
 * </ul>
 * Values are records; adapters live with the engine they speak to.
 */
package dev.legends.workload.port;
