package dev.legends.release.analysis;

import dev.legends.core.LegendsException;
import dev.legends.workload.port.VersionMetrics;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What a check measures over its window. NaN means no data, which is never a pass. */
public enum Metric {
    SUCCESS_RATE("successRate"),
    ERROR_RATE("errorRate"),
    LATENCY_P50("latencyP50"),
    LATENCY_P90("latencyP90"),
    LATENCY_P95("latencyP95"),
    LATENCY_P99("latencyP99"),
    REQUEST_RATE("requestRate");

    private final String wire;

    Metric(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public double value(VersionMetrics m) {
        if (m == null || m.requests() == 0) {
            return Double.NaN;
        }
        return switch (this) {
            case SUCCESS_RATE -> m.successRate();
            case ERROR_RATE -> 1 - m.successRate();
            case LATENCY_P50 -> m.latencyMillis(0.50);
            case LATENCY_P90 -> m.latencyMillis(0.90);
            case LATENCY_P95 -> m.latencyMillis(0.95);
            case LATENCY_P99 -> m.latencyMillis(0.99);
            case REQUEST_RATE -> m.requestsPerSecond();
        };
    }

    public static Metric parse(Object value, String field) {
        String s = String.valueOf(value);
        for (Metric m : values()) {
            if (m.wire.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw LegendsException.invalid(field + ": unknown metric '" + s + "' (one of "
                + Arrays.stream(values()).map(Metric::wire).collect(Collectors.joining(", ")) + ")");
    }
}
