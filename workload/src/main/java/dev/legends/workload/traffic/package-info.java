/**
 * The local engine's adapters for {@link dev.legends.workload.port.TrafficRouter} and
 * {@link dev.legends.workload.port.MetricsSource}: Legends' own gateway, spoken to through its
 * admin socket. A gateway version is named after the revision it serves ({@code r3}), so its
 * counters stay continuous when the revision's role changes from canary to stable.
 */
package dev.legends.workload.traffic;
