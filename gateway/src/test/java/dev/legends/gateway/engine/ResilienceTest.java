package dev.legends.gateway.engine;

import static dev.legends.gateway.engine.Fixture.field;
import static dev.legends.gateway.engine.Fixture.route;
import static dev.legends.gateway.engine.Fixture.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.Route;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures and changes: retries, health checks, timeouts, drains and config swaps under load. */
class ResilienceTest {
    Fixture f;
    TestBackend a;
    TestBackend b;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture();
        a = f.backend("a");
        b = f.backend("b");
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private static Route.Policy policy(long responseTimeout, int retries, Route.HealthCheck hc) {
        return new Route.Policy(500, responseTimeout, retries, Route.Balancer.ROUND_ROBIN, hc);
    }

    @Test
    void aGetIsRetriedOnAnotherEndpointWhenConnectFails() throws Exception {
        String dead = "127.0.0.1:" + Fixture.freePort();
        f.apply(route("app", List.of(new Route.Version("stable", List.of(dead, a.address()), 1000))).withPolicy(policy(5000, 1, null)));
        for (int i = 0; i < 10; i++) {
            assertThat(f.get("/").statusCode()).isEqualTo(200);
        }
        var m = f.gateway.metrics("app", 60).version("stable");
        assertThat(m.total().connectFailures()).isPositive();
        assertThat(m.total().success()).isEqualTo(10);

        String dead2 = "127.0.0.1:" + Fixture.freePort(); // the first is ejected by now (passive outlier detection)
        f.apply(route("app", List.of(new Route.Version("stable", List.of(dead2), 1000))).withPolicy(policy(5000, 1, null)));
        assertThat(f.get("/").statusCode()).isEqualTo(502);
    }

    @Test
    void aResetIs502AndIsRetriedOnlyWhenSafe() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, a, b))).withPolicy(policy(5000, 1, null)));
        HttpResponse<String> post = f.http.send(java.net.http.HttpRequest.newBuilder(f.uri("/reset"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(502);
        int before = a.requests.get() + b.requests.get();
        assertThat(f.get("/reset").statusCode()).isEqualTo(502); // a GET is tried on both endpoints, then given up
        assertThat(a.requests.get() + b.requests.get() - before).isEqualTo(2);
    }

    @Test
    void leastRequestsAvoidsTheBusyEndpoint() throws Exception {
        a.delayMillis = 1500; // longer than the whole burst: a's requests stay in flight
        f.apply(route("app", List.of(version("stable", 1000, a, b)))
                .withPolicy(new Route.Policy(500, 5000, 0, Route.Balancer.LEAST_REQUESTS, null)));
        List<CompletableFuture<HttpResponse<String>>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(f.http.sendAsync(java.net.http.HttpRequest.newBuilder(f.uri("/")).build(), HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(15);
        }
        long onA = all.stream().map(CompletableFuture::join).filter(r -> "a".equals(field(r, "name"))).count();
        assertThat(onA).isLessThanOrEqualTo(3); // a only gets a request when b is as busy as a
    }

    @Test
    void timeoutsAndNoEndpointsHaveTheirStatus() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, a))).withPolicy(policy(300, 0, null)));
        HttpResponse<String> slow = f.get("/slow?ms=2000");
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(f.get("/").statusCode()).isEqualTo(200);
        f.apply(route("app", List.of(new Route.Version("stable", List.of(), 1000))));
        assertThat(f.get("/").statusCode()).isEqualTo(503);
        assertThat(f.gateway.metrics("app", 60).version("stable").total().serverError()).isEqualTo(2);
    }

    @Test
    void activeHealthChecksTakeAnEndpointOutAndBringItBack() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, a, b)))
                .withPolicy(policy(5000, 0, new Route.HealthCheck("/health", 100, 2, 1))));
        a.healthStatus = 500;
        awaitOnly("b", 5000);
        for (int i = 0; i < 20; i++) {
            assertThat(field(f.get("/"), "name")).isEqualTo("b");
        }
        a.healthStatus = 200;
        long deadline = System.currentTimeMillis() + 5000;
        boolean back = false;
        while (!back && System.currentTimeMillis() < deadline) {
            back = "a".equals(field(f.get("/"), "name"));
        }
        assertThat(back).isTrue();
    }

    private void awaitOnly(String name, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        int streak = 0;
        while (streak < 10 && System.currentTimeMillis() < deadline) {
            streak = name.equals(field(f.get("/"), "name")) ? streak + 1 : 0;
            Thread.sleep(10);
        }
        assertThat(streak).isEqualTo(10);
    }

    @Test
    void aRemovedEndpointFinishesItsInFlightRequest() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, a))));
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> get("/slow?ms=800"));
        long deadline = System.currentTimeMillis() + 3000;
        while (a.requests.get() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        f.apply(route("app", List.of(version("stable", 1000, b))));
        assertThat(field(f.get("/"), "name")).isEqualTo("b");
        HttpResponse<String> r = slow.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(field(r, "name")).isEqualTo("a");
    }

    @Test
    void closingDrainsOpenRequests() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, a))));
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> get("/slow?ms=600"));
        long deadline = System.currentTimeMillis() + 3000;
        while (a.requests.get() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        f.gateway.close(Duration.ofSeconds(5));
        f.gateway = null;
        assertThat(slow.get().statusCode()).isEqualTo(200);
    }

    @Test
    void noRequestFailsAcrossAThousandConfigSwapsUnderLoad() throws Exception {
        Route one = route("app", List.of(version("stable", 900, a), version("canary", 100, b)));
        Route two = route("app", List.of(version("stable", 100, a), version("canary", 900, b)))
                .withMatches(List.of(Route.Match.header("X-Canary", "1", "canary")));
        f.apply(one);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> load = new java.util.ArrayList<>();
        long until = System.currentTimeMillis() + 20_000;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        for (int t = 0; t < 4; t++) {
            load.add(Thread.ofPlatform().start(() -> {
                while (!stop.get() && System.currentTimeMillis() < until) {
                    HttpResponse<String> r = get("/");
                    if (r != null && r.statusCode() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, r == null ? "exception" : r.statusCode() + " " + r.body());
                    }
                }
            }));
        }
        GatewayConfig base = f.gateway.config();
        for (int i = 0; i < 1000; i++) {
            f.gateway.apply(base.withRoute(i % 2 == 0 ? two : one));
        }
        stop.set(true);
        for (Thread t : load) {
            t.join();
        }
        assertThat(failed.get()).as(firstFailure.get()).isZero();
        assertThat(ok.get()).isPositive();
        assertThat(f.gateway.status().generation()).isGreaterThanOrEqualTo(1001);
    }

    private HttpResponse<String> get(String path) {
        try {
            return f.get(path);
        } catch (Exception e) {
            return null;
        }
    }
}
