package dev.legends.workload.traffic;

import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.RouteMetrics;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.MirrorStats;
import dev.legends.workload.port.VersionMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-revision metrics from the gateway. Counts come from the gateway's cumulative counters,
 * read by a {@link CounterSampler} so that any [from, to) window is a difference of two readings;
 * latency comes from the gateway's windowed percentiles, turned back into a histogram whose bucket
 * bounds are those percentiles (p50 holds half of the requests, p90 the next 40%...).
 */
public final class GatewayMetrics implements MetricsSource {
    private final GatewayClient gateway;
    private final CounterSampler sampler;
    private final Clock clock;

    public GatewayMetrics(GatewayClient gateway, CounterSampler sampler, Clock clock) {
        this.gateway = gateway;
        this.sampler = sampler;
        this.clock = clock;
    }

    @Override
    public VersionMetrics query(String app, int revision, Instant from, Instant to) {
        String version = RouteTranslation.versionName(revision);
        CounterSampler.Delta delta = sampler.delta(app, version, from, to);
        Duration window = Duration.between(from, clock.instant());
        RouteMetrics.VersionMetrics now = read(app, window, version);
        if (delta.requests() == 0 || now == null || now.latency() == null || now.latency().count() == 0) {
            return new VersionMetrics(app, revision, from, to, delta.requests(), delta.errors(), List.of(), List.of(0L));
        }
        RouteMetrics.Latency l = now.latency();
        List<Double> bounds = new ArrayList<>(List.of(l.p50(), l.p90(), l.p95(), l.p99(), Math.max(l.max(), l.p99())));
        long n = delta.requests();
        long[] shares = {Math.round(n * 0.50), Math.round(n * 0.40), Math.round(n * 0.05), Math.round(n * 0.04)};
        long rest = n - shares[0] - shares[1] - shares[2] - shares[3];
        List<Long> counts = List.of(shares[0], shares[1], shares[2], shares[3], Math.max(0, rest), 0L);
        return new VersionMetrics(app, revision, from, to, n, delta.errors(), bounds, counts);
    }

    @Override
    public Optional<MirrorStats> mirror(String app, int revision, Instant from, Instant to) {
        String version = RouteTranslation.versionName(revision);
        RouteMetrics m;
        try {
            m = gateway.metrics(app, Duration.between(from, clock.instant()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        RouteMetrics.MirrorMetrics mm = m.mirror();
        if (mm == null || !version.equals(mm.version())) {
            return Optional.empty();
        }
        RouteMetrics.VersionMetrics shadow = m.version("mirror:" + version) != null ? m.version("mirror:" + version) : m.version(version);
        double p50 = shadow == null || shadow.latency() == null ? Double.NaN : shadow.latency().p50();
        double p99 = shadow == null || shadow.latency() == null ? Double.NaN : shadow.latency().p99();
        List<String> samples = mm.samples() == null ? List.of() : mm.samples().stream()
                .map(d -> d.method() + " " + d.path() + ": " + d.field() + " " + d.primary() + " vs " + d.shadow())
                .limit(10)
                .toList();
        // errors: the shadow's own 5xx answers and copies that never got one (the gateway counts both
        // under the mirror version), not only the undelivered copies: a failing shadow must not pass
        // and both over the same window as the count they are divided by
        boolean windowed = shadow != null && shadow.window() != null && shadow.window().requests() > 0;
        long mirrored = windowed ? shadow.window().requests() : mm.sent();
        long errors = windowed ? shadow.window().errors() : mm.failed();
        return Optional.of(new MirrorStats(mirrored, errors, mm.compared(), mm.differed(), p50, p99, samples));
    }

    private RouteMetrics.VersionMetrics read(String app, Duration window, String version) {
        try {
            Duration w = window.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : window;
            return gateway.metrics(app, w).version(version);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
