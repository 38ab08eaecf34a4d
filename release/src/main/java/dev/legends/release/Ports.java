package dev.legends.release;

import dev.legends.workload.port.AppCatalog;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.TrafficRouter;
import java.util.Objects;

/** The four ports a release drives; the same controller runs on the local engine and on Kubernetes. */
public record Ports(Platform platform, TrafficRouter router, MetricsSource metrics, AppCatalog catalog) {
    public Ports {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(catalog, "catalog");
    }
}
