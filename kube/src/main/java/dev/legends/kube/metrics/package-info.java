/** The MetricsSource port over Prometheus' HTTP API (PromQL instant queries). */
package dev.legends.kube.metrics;
