package dev.legends.gateway.engine;

import dev.legends.core.LegendsException;
import dev.legends.gateway.RouteMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Every route's and version's statistics since the gateway started; they outlive config swaps. */
final class Metrics {
    private final Instant since = Instant.now();
    private final Map<String, Map<String, VersionStats>> versions = new ConcurrentHashMap<>();
    private final Map<String, MirrorStats> mirrors = new ConcurrentHashMap<>();

    VersionStats version(String route, String version) {
        return versions.computeIfAbsent(route, r -> new ConcurrentHashMap<>()).computeIfAbsent(version, v -> new VersionStats());
    }

    MirrorStats mirror(String route) {
        return mirrors.computeIfAbsent(route, r -> new MirrorStats());
    }

    /** A route's metrics; its versions are those of {@code current} plus any that served before. */
    RouteMetrics read(CompiledRoute current, String route, long windowSeconds) {
        if (current == null && !versions.containsKey(route)) {
            throw LegendsException.notFound("no such route: " + route);
        }
        if (current != null) {
            current.versions.forEach(v -> version(route, v.name));
        }
        // the mirror's counters first: a copy is recorded in its version's numbers before it is counted
        // completed, so versions read after them hold at least every copy the counters show
        MirrorStats m = mirrors.get(route);
        String mirrorVersion = current != null && current.route.mirror() != null ? current.route.mirror().version() : null;
        RouteMetrics.MirrorMetrics mirrored = m == null && mirrorVersion == null ? null : mirror(route).read(mirrorVersion);
        List<RouteMetrics.VersionMetrics> out = new ArrayList<>();
        new TreeMap<>(versions.getOrDefault(route, Map.of())).forEach((name, stats) -> out.add(stats.read(name, windowSeconds)));
        long window = Math.min(windowSeconds, (long) VersionStats.SLOTS * VersionStats.SLOT_SECONDS);
        return new RouteMetrics(route, System.currentTimeMillis(), since.toEpochMilli(), window, out, mirrored);
    }

    /** Prometheus text format: cumulative counters and the last minute's latency quantiles. */
    String prometheus() {
        StringBuilder b = new StringBuilder();
        b.append("# TYPE legends_gateway_requests_total counter\n");
        b.append("# TYPE legends_gateway_connect_failures_total counter\n");
        b.append("# TYPE legends_gateway_latency_seconds summary\n");
        String[] classes = {"1xx", "2xx", "3xx", "4xx", "5xx"};
        new TreeMap<>(versions).forEach((route, vs) -> new TreeMap<>(vs).forEach((version, stats) -> {
            RouteMetrics.VersionMetrics m = stats.read(version, 60);
            String labels = "route=\"" + route + "\",version=\"" + version + "\"";
            long[] counts = {m.total().informational(), m.total().success(), m.total().redirect(), m.total().clientError(),
                m.total().serverError()};
            for (int i = 0; i < 5; i++) {
                b.append("legends_gateway_requests_total{").append(labels).append(",code=\"").append(classes[i]).append("\"} ")
                        .append(counts[i]).append('\n');
            }
            b.append("legends_gateway_connect_failures_total{").append(labels).append("} ").append(m.total().connectFailures()).append('\n');
            double[][] q = {{0.5, m.latency().p50()}, {0.9, m.latency().p90()}, {0.99, m.latency().p99()}};
            for (double[] x : q) {
                b.append("legends_gateway_latency_seconds{").append(labels).append(",quantile=\"").append(x[0]).append("\"} ")
                        .append(x[1] / 1000.0).append('\n');
            }
            b.append("legends_gateway_latency_seconds_count{").append(labels).append("} ").append(m.latency().count()).append('\n');
        }));
        new TreeMap<>(mirrors).forEach((route, ms) -> {
            RouteMetrics.MirrorMetrics m = ms.read(null);
            String l = "{route=\"" + route + "\"}";
            b.append("legends_gateway_mirror_sent_total").append(l).append(' ').append(m.sent()).append('\n');
            b.append("legends_gateway_mirror_skipped_total").append(l).append(' ').append(m.skipped()).append('\n');
            b.append("legends_gateway_mirror_differed_total").append(l).append(' ').append(m.differed()).append('\n');
            b.append("legends_gateway_mirror_matched_total").append(l).append(' ').append(m.matched()).append('\n');
            b.append("legends_gateway_mirror_noisy_total").append(l).append(' ').append(m.noisy()).append('\n');
        });
        return b.toString();
    }
}
