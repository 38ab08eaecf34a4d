package dev.legends.kube.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.workload.port.MirrorStats;
import dev.legends.workload.port.VersionMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scrapes a /metrics endpoint this test serves on 127.0.0.1
 * every 250 ms; every scrape sees 100 more requests of web revision 2: 10 of them 5xx, latencies
 * 50 / 30 / 20 in the 50 ms, 100 ms and 500 ms buckets.
 */
class PrometheusMetricsTest {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static HttpServer exporter;
    static Process prometheus;
    static URI base;
    static final AtomicInteger scrapes = new AtomicInteger();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "needs Debian's prometheus package (scripts/bootstrap --test)");
        exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", x -> {
            byte[] body = exposition(scrapes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        exporter.start();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 250ms
                  scrape_timeout: 200ms
                scrape_configs:
                  - job_name: legends-test
                    honor_labels: true
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(exporter.getAddress().getPort()));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        base = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (scrapes.get() < 12) {
            if (System.nanoTime() > deadline || !prometheus.isAlive()) {
                throw new IllegalStateException("prometheus did not scrape within 30 s: " + Files.readString(dir.resolve("prometheus.log")));
            }
            Thread.sleep(100);
        }
        // Ready means its query API answers too.
        var ready = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (exporter != null) {
            exporter.stop(0);
        }
    }

    static String exposition(int n) {
        long ok = 90L * n;
        long failed = 10L * n;
        String l = "app=\"web\",revision=\"2\"";
        return """
                # TYPE http_requests_total counter
                http_requests_total{%1$s,status="200"} %2$d
                http_requests_total{%1$s,status="503"} %3$d
                http_requests_total{app="web",revision="3",status="200"} 7
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{%1$s,le="0.05"} %4$d
                http_request_duration_seconds_bucket{%1$s,le="0.1"} %5$d
                http_request_duration_seconds_bucket{%1$s,le="0.5"} %6$d
                http_request_duration_seconds_bucket{%1$s,le="+Inf"} %6$d
                http_request_duration_seconds_sum{%1$s} %7$d
                http_request_duration_seconds_count{%1$s} %6$d
                """.formatted(l, ok, failed, 50L * n, 80L * n, 100L * n, 12L * n);
    }

    @Test
    void countsErrorsAndLatencyOfOneRevisionOverAWindow() {
        PrometheusMetrics metrics = new PrometheusMetrics(base, PromNaming.defaults());
        Instant to = Instant.now();
        Instant from = to.minusSeconds(2);

        VersionMetrics m = metrics.query("web", 2, from, to);
        // increase() extrapolates to the window's edges: the count is an estimate, the ratios are exact.
        assertThat(m.requests()).isBetween(400L, 1000L);
        assertThat(m.successRate()).isCloseTo(0.9, within(0.01));
        assertThat(m.latencyBoundsMillis()).containsExactly(50.0, 100.0, 500.0);
        assertThat(m.latencyCounts()).hasSize(4);
        assertThat(m.latencyCounts().getLast()).isZero();
        assertThat(m.latencyMillis(0.5)).isCloseTo(50, within(2.0));
        assertThat(m.latencyMillis(0.9)).isCloseTo(300, within(15.0));
        assertThat(m.from()).isEqualTo(from);

        Optional<MirrorStats> mirror = metrics.mirror("web", 2, from, to);
        assertThat(mirror).hasValueSatisfying(s -> {
            assertThat(s.mirrored()).isEqualTo(m.requests());
            assertThat(s.p99Millis()).isBetween(400.0, 500.0);
        });
    }

    @Test
    void aRevisionWithoutTrafficIsInconclusiveNotAPass() {
        PrometheusMetrics metrics = new PrometheusMetrics(base, PromNaming.defaults());
        Instant to = Instant.now();
        VersionMetrics idle = metrics.query("web", 3, to.minusSeconds(2), to); // a counter that never moves
        assertThat(idle.requests()).isZero();
        assertThat(idle.successRate()).isNaN();
        assertThat(metrics.query("web", 9, to.minusSeconds(2), to).requests()).isZero();
        assertThat(metrics.mirror("web", 9, to.minusSeconds(2), to)).isEmpty();
    }

    @Test
    void badQueriesAndAnAbsentPrometheusAreClearErrors() throws IOException {
        var naming = new PromNaming("http_requests_total", "http_request_duration_seconds_bucket", "app", "revision", "status", true, "((");
        Instant to = Instant.now();
        assertThatThrownBy(() -> new PrometheusMetrics(base, naming).query("web", 2, to.minusSeconds(5), to))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("prometheus refused");
        assertThatThrownBy(() -> new PrometheusMetrics(base, PromNaming.defaults()).query("web", 2, to, to))
                .hasMessageContaining("a metrics window needs at least one second");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> new PrometheusMetrics(URI.create("http://127.0.0.1:" + closed), PromNaming.defaults())
                .query("web", 2, to.minus(Duration.ofMinutes(1)), to))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessageContaining("is unreachable");
    }
}
