package dev.legends.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.engine.Gateway;
import dev.legends.store.Store;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.traffic.CounterSampler;
import dev.legends.workload.traffic.GatewayMetrics;
import dev.legends.workload.traffic.GatewayRouter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases through the real gateway engine, the workload layer's gateway router and metrics, and
 * real HTTP instances on 127.0.0.1, under 250 requests a second: the weights users see, zero
 * failed requests, automatic rollback of a version returning 5% errors, and the blue/green switch.
 */
class GatewayReleaseTest {
    private static final String APP = "web";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatewayReleaseTest.class);

    @TempDir
    Path dir;

    private Gateway gateway;
    private GatewayRouter router;
    private CounterSampler sampler;
    private HttpPlatform platform;
    private Store store;
    private Releases releases;
    private Ports ports;
    private int port;

    private void open(Map<String, Object> strategy, int replicas) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path admin = dir.resolve("admin.sock");
        gateway = Gateway.start(dir.resolve("gateway.json"), admin, 2);
        gateway.apply(new GatewayConfig(List.of(new GatewayConfig.Listener("http", "127.0.0.1", port)), List.of()));
        GatewayClient client = new GatewayClient(admin);
        platform = new HttpPlatform(APP, Duration.ofMillis(300), Duration.ofSeconds(1));
        platform.seed(1, replicas);
        router = new GatewayRouter(() -> client, platform, dir.resolve("routes"), 100);
        router.apply(AppRoute.single(APP, null, "/", "stable", 1));
        sampler = new CounterSampler(client, Clock.systemUTC(), Duration.ofMillis(200), Duration.ofMinutes(5));
        FakeCatalog catalog = new FakeCatalog();
        catalog.put(new AppDefinition(APP, replicas, 1, 1, null, "/", 8080, strategy), "web:1");
        store = Store.open(dir.resolve("legends.db"), Releases.SCHEMA);
        ports = new Ports(platform, router, new GatewayMetrics(client, sampler, Clock.systemUTC()), catalog);
        releases = new Releases(store, ports, Clock.systemUTC());
        releases.startLoop(Duration.ofMillis(100));
    }

    @AfterEach
    void close() {
        for (AutoCloseable c : new AutoCloseable[] {releases, store, sampler, router, platform, gateway}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private ReleaseStatus await(Predicate<ReleaseStatus> done, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            ReleaseStatus s = releases.status(APP);
            if (done.test(s)) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not reached in " + limit + ": " + releases.status(APP));
    }

    private long timeOf(Predicate<TimelineEntry> p) {
        return releases.report(APP, null).timeline().stream().filter(p).findFirst().orElseThrow().timeMs();
    }

    @Test
    void canaryWeightsAreWhatUsersGetWithNoFailedRequest() throws Exception {
        open(Map.of("canary", Map.of("scaleDownDelaySeconds", 1, "steps", List.of(Map.of("setWeight", 25),
                Map.of("pause", Map.of("duration", "3s")), Map.of("setWeight", 75), Map.of("pause", Map.of("duration", "3s"))))), 2);
        try (Load load = new Load(port, 5, 50, Duration.ofSeconds(30), null)) {
            Thread.sleep(500);
            releases.start(APP, "web:2", null);
            await(s -> s.step() == 1, Duration.ofSeconds(10));
            // The controller goes away in the middle of the canary; the gateway keeps its weights meanwhile.
            releases.close();
            store.close();
            Thread.sleep(1000);
            store = Store.open(dir.resolve("legends.db"), Releases.SCHEMA);
            releases = new Releases(store, ports, Clock.systemUTC());
            releases.startLoop(Duration.ofMillis(100));
            assertThat(releases.status(APP).step()).isEqualTo(1);
            await(s -> s.phase() == Phase.COMPLETED, Duration.ofSeconds(25));
            Thread.sleep(500);
            load.close();
            assertThat(load.failures()).isEmpty();
            long at25 = timeOf(e -> e.weights() != null && e.weights().contains("canary r2 250"));
            long at75 = timeOf(e -> e.weights() != null && e.weights().contains("canary r2 750"));
            double share25 = share(load, at25 + 300, at75);
            double share75 = share(load, at75 + 300, at75 + 2800);
            LOG.info("canary through the gateway: {} requests, r2 share {} at 25% and {} at 75%", load.hits.size(), share25, share75);
            assertThat(share25).isBetween(0.15, 0.35);
            assertThat(share75).isBetween(0.65, 0.85);
            assertThat(load.hits.size()).isGreaterThan(1000); // ≥ 200 requests a second for the whole release
        }
    }

    private static double share(Load load, long from, long to) {
        double r2 = load.count(from, to, "r2");
        double r1 = load.count(from, to, "r1");
        return r2 / (r1 + r2);
    }

    @Test
    void aVersionReturningFivePercentErrorsIsRolledBackWithinASecond() throws Exception {
        open(Map.of("canary", Map.of("abortScaleDownDelaySeconds", 1, "steps", List.of(Map.of("setWeight", 50),
                Map.of("analysis", Map.of("metrics", List.of(Map.of("metric", "successRate", "successCondition", "result >= 0.99",
                        "interval", "2s", "count", 3)))), Map.of("setWeight", 100)))), 2);
        platform.failEvery.put(2, 20);
        try (Load load = new Load(port, 5, 50, Duration.ofSeconds(30), null)) {
            Thread.sleep(300);
            releases.start(APP, "web:2", null);
            ReleaseStatus s = await(x -> x.ended(), Duration.ofSeconds(20));
            Thread.sleep(1500);
            load.close();
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(s.message()).contains("successRate");
            long abortedAt = timeOf(e -> e.message().startsWith("aborted"));
            long lastR2 = load.hits.stream().filter(h -> h.body().equals("r2")).mapToLong(Load.Hit::atMillis).max().orElseThrow();
            LOG.info("abort to 100% stable: {} ms (last r2 answer after the abort), rollbackMillis {}", lastR2 - abortedAt, s.rollbackMillis());
            assertThat(lastR2 - abortedAt).isLessThan(1000); // abort to 100% stable: target ≤ 1 s
            assertThat(load.failures()).allMatch(h -> h.status() == 500 && h.atMillis() <= abortedAt + 1000);
        }
    }

    @Test
    void blueGreenPreviewsByHeaderThenSwitchesEveryoneAtOnce() throws Exception {
        open(Map.of("blueGreen", Map.of("autoPromotionEnabled", false, "scaleDownDelaySeconds", 1,
                "previewRoute", Map.of("header", Map.of("name", "X-Preview", "value", "yes")))), 2);
        try (Load load = new Load(port, 6, 50, Duration.ofSeconds(30), new String[] {"X-Preview", "yes"})) {
            Thread.sleep(300);
            releases.start(APP, "web:2", null);
            await(s -> s.phase() == Phase.PAUSED, Duration.ofSeconds(10));
            long previewAt = System.currentTimeMillis();
            Thread.sleep(1500);
            assertThat(load.hits.stream().filter(h -> h.atMillis() > previewAt + 300 && h.variant()).map(Load.Hit::body).distinct())
                    .containsExactly("r2");
            assertThat(load.hits.stream().filter(h -> h.atMillis() > previewAt + 300 && !h.variant()).map(Load.Hit::body).distinct())
                    .containsExactly("r1");
            releases.promote(APP, false);
            await(s -> s.phase() == Phase.COMPLETED, Duration.ofSeconds(10));
            Thread.sleep(1500);
            load.close();
            assertThat(load.failures()).isEmpty();
            List<Load.Hit> users = load.hits.stream().filter(h -> !h.variant()).toList();
            long firstNew = users.stream().filter(h -> h.body().equals("r2")).mapToLong(Load.Hit::atMillis).min().orElseThrow();
            long lastOld = users.stream().filter(h -> h.body().equals("r1")).mapToLong(Load.Hit::atMillis).max().orElseThrow();
            LOG.info("blue/green switch: {} ms between the first green answer and the last blue one", lastOld - firstNew);
            // One route apply: requests answered by blue after the first answer from green are only those in flight.
            assertThat(lastOld - firstNew).isLessThan(200);
        }
    }

    @Test
    void abTestingSendsHeaderAndCookieUsersToBAndKeepingAIsImmediate() throws Exception {
        open(Map.of("abTesting", Map.of("abortScaleDownDelaySeconds", 1, "match", List.of(
                Map.of("header", Map.of("name", "X-Variant", "value", "b")), Map.of("cookie", Map.of("name", "variant", "value", "b"))))), 2);
        try (Load load = new Load(port, 4, 50, Duration.ofSeconds(20), new String[] {"X-Variant", "b"})) {
            releases.start(APP, "web:2", null);
            await(s -> s.phase() == Phase.PAUSED, Duration.ofSeconds(10));
            long routedAt = System.currentTimeMillis();
            Thread.sleep(1000);
            var http = java.net.http.HttpClient.newHttpClient();
            var byCookie = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Cookie", "session=1; variant=b").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(byCookie.body()).isEqualTo("r2");
            assertThat(load.hits.stream().filter(h -> h.atMillis() > routedAt + 300 && h.variant()).map(Load.Hit::body).distinct())
                    .containsExactly("r2");
            assertThat(load.hits.stream().filter(h -> h.atMillis() > routedAt + 300 && !h.variant()).map(Load.Hit::body).distinct())
                    .containsExactly("r1");
            ReleaseReport during = releases.report(APP, 2);
            assertThat(during.versions()).allSatisfy(v -> assertThat(v.requests()).isPositive()); // both variants measured

            long keptA = System.currentTimeMillis();
            releases.abort(APP); // the operator keeps A
            Thread.sleep(800);
            load.close();
            assertThat(load.hits.stream().filter(h -> h.atMillis() > keptA + 300).map(Load.Hit::body).distinct()).containsExactly("r1");
            assertThat(load.failures()).isEmpty();
        }
    }

    @Test
    void shadowTrafficIsMirroredItsResponsesDiscardedAndADifferingShadowDiscarded() throws Exception {
        open(Map.of("shadow", Map.of("mirrorPercent", 100, "duration", "3s", "maxDifferenceRate", 0.05)), 2);
        try (Load load = new Load(port, 4, 50, Duration.ofSeconds(20), null)) {
            releases.start(APP, "web:2", null);
            ReleaseStatus s = await(ReleaseStatus::ended, Duration.ofSeconds(15));
            Thread.sleep(300);
            load.close();
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(s.message()).contains("differ"); // it answers "r2" where the primary answers "r1"
            assertThat(load.hits.stream().map(Load.Hit::body).distinct()).containsExactly("r1"); // users never saw the shadow
            assertThat(load.failures()).isEmpty();
            assertThat(releases.report(APP, 2).mirror().mirrored()).isPositive();
        }
    }
}
