package dev.legends.kube.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.MirrorStats;
import dev.legends.workload.port.VersionMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The MetricsSource port over Prometheus' HTTP API: instant queries evaluated at the window's end,
 * with {@code increase(...[window])} for counts. increase() extrapolates to the window's edges, so
 * counts are estimates (rounded); ratios such as the success rate are not affected, as numerator
 * and denominator come from the same scrapes.
 */
public final class PrometheusMetrics implements MetricsSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final URI base;
    private final PromNaming naming;
    private final HttpClient http;

    public PrometheusMetrics(URI base, PromNaming naming) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.naming = naming;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public VersionMetrics query(String app, int revision, Instant from, Instant to) {
        long seconds = Duration.between(from, to).toSeconds();
        if (seconds < 1) {
            throw LegendsException.invalid(app + " revision " + revision + ": a metrics window needs at least one second, not "
                    + Duration.between(from, to));
        }
        String sel = naming.selector(app, revision);
        String window = "[" + seconds + "s]";
        long requests = Math.round(scalar("sum(increase(" + naming.requestsCounter() + "{" + sel + "}" + window + "))", to));
        if (requests == 0) {
            return VersionMetrics.empty(app, revision, from, to);
        }
        long errors = Math.round(scalar("sum(increase(" + naming.requestsCounter() + "{" + sel + "," + naming.statusLabel()
                + "=~\"5..\"}" + window + "))", to));
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (JsonNode series : vector("sum by (le) (increase(" + naming.durationBuckets() + "{" + sel + "}" + window + "))", to)) {
            String le = series.path("metric").path("le").asText();
            cumulative.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value(series));
        }
        return histogram(app, revision, from, to, requests, Math.min(errors, requests), cumulative);
    }

    /**
     * On a cluster the gateway mirrors to the shadow revision's Service, whose only traffic is the
     * copies: its own counts and latency are the mirror's. Nobody compares responses there, so
     * {@code compared} and {@code differences} stay 0.
     */
    @Override
    public Optional<MirrorStats> mirror(String app, int revision, Instant from, Instant to) {
        VersionMetrics m = query(app, revision, from, to);
        if (m.requests() == 0) {
            return Optional.empty();
        }
        return Optional.of(new MirrorStats(m.requests(), m.errors(), 0, 0, m.latencyMillis(0.5), m.latencyMillis(0.99), List.of()));
    }

    /** Prometheus' cumulative buckets (le) as the port's per-bucket counts, in milliseconds. */
    private VersionMetrics histogram(String app, int revision, Instant from, Instant to, long requests, long errors,
                                     TreeMap<Double, Double> cumulative) {
        List<Double> bounds = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        double before = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            // Extrapolation can make a cumulative count dip below the previous one: never a negative bucket.
            long count = Math.max(0, Math.round(e.getValue() - before));
            before = Math.max(before, e.getValue());
            if (e.getKey().isInfinite()) {
                counts.add(count);
            } else {
                bounds.add(naming.bucketsInSeconds() ? e.getKey() * 1000 : e.getKey());
                counts.add(count);
            }
        }
        if (!cumulative.containsKey(Double.POSITIVE_INFINITY)) {
            counts.add(0L);
        }
        return new VersionMetrics(app, revision, from, to, requests, errors, bounds, counts);
    }

    private double scalar(String promql, Instant at) {
        List<JsonNode> v = vector(promql, at);
        return v.isEmpty() ? 0 : value(v.getFirst());
    }

    private static double value(JsonNode series) {
        double v = Double.parseDouble(series.path("value").path(1).asText("0"));
        return Double.isNaN(v) ? 0 : v;
    }

    private List<JsonNode> vector(String promql, Instant at) {
        String time = at.getEpochSecond() + "." + String.format("%03d", at.getNano() / 1_000_000);
        URI uri = base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + time);
        JsonNode body;
        int status;
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            status = r.statusCode();
            body = Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new LegendsException(dev.legends.core.ErrorKind.UNAVAILABLE, "prometheus at " + base + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("prometheus query interrupted");
        }
        if (!"success".equals(body.path("status").asText())) {
            String error = body.path("errorType").asText("") + " " + body.path("error").asText("HTTP " + status);
            throw status == 400 || "bad_data".equals(body.path("errorType").asText())
                    ? LegendsException.invalid("prometheus refused " + promql + ": " + error.trim())
                    : LegendsException.unavailable("prometheus: " + error.trim());
        }
        List<JsonNode> out = new ArrayList<>();
        body.path("data").path("result").forEach(out::add);
        out.sort(Comparator.comparing(n -> n.path("metric").toString()));
        return out;
    }
}
