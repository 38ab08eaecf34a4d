package dev.legends.gateway.engine;

import static dev.legends.gateway.engine.Fixture.field;
import static dev.legends.gateway.engine.Fixture.route;
import static dev.legends.gateway.engine.Fixture.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.Route;
import dev.legends.gateway.RouteMetrics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin socket through GatewayClient, bad input, and the config surviving a restart. */
class AdminTest {
    Fixture f;
    TestBackend stable;
    TestBackend canary;
    GatewayClient client;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture();
        stable = f.backend("stable");
        canary = f.backend("canary");
        client = new GatewayClient(f.adminSocket);
        client.replace(new GatewayConfig(List.of(f.listener()), List.of()));
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void applyRoutesMetricsAndRemoveThroughTheClient() throws Exception {
        client.apply(route("app", List.of(version("stable", 1000, stable), version("canary", 0, canary))));
        assertThat(client.routes()).extracting(Route::name).containsExactly("app");
        RouteMetrics before = client.metrics("app");
        for (int i = 0; i < 7; i++) {
            f.get("/");
        }
        f.get("/status?code=503");
        RouteMetrics after = client.metrics("app", Duration.ofSeconds(30));
        RouteMetrics.Counts diff = after.version("stable").total().minus(before.version("stable").total());
        assertThat(diff.requests()).isEqualTo(8);
        assertThat(diff.errors()).isEqualTo(1);
        assertThat(after.version("stable").window().requests()).isEqualTo(8);
        assertThat(after.version("stable").latency().count()).isEqualTo(8);
        assertThat(after.version("stable").latency().p99()).isPositive();
        assertThat(after.version("canary").total().requests()).isZero();
        assertThat(client.prometheus()).contains("legends_gateway_requests_total{route=\"app\",version=\"stable\",code=\"2xx\"} 7");
        assertThat(client.status().routes()).isEqualTo(1);

        // instant switch
        client.apply(route("app", List.of(version("stable", 0, stable), version("canary", 1000, canary))));
        assertThat(field(f.get("/"), "name")).isEqualTo("canary");

        client.remove("app");
        assertThat(client.routes()).isEmpty();
        assertThat(f.get("/").statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> client.remove("app")).isInstanceOf(LegendsException.class).hasMessageContaining("no such route: app");
    }

    @Test
    void badConfigIsRefusedWithOneLineAndChangesNothing() throws Exception {
        client.apply(route("app", List.of(version("stable", 1000, stable))));
        assertThatThrownBy(() -> client.apply(route("app", List.of(version("stable", 900, stable)))))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("route app: weights add up to 900 per mille, not 1000");
        assertThatThrownBy(() -> client.apply(route("app", List.of(version("stable", 1000, stable)))
                .withMatches(List.of(new Route.Match(Route.MatchKind.HEADER, "X", Route.MatchOp.REGEX, "(", "stable")))))
                .hasMessageContaining("bad regex");
        assertThatThrownBy(() -> client.apply(route("app", List.of(new Route.Version("stable", List.of("nohost"), 1000)))))
                .hasMessageContaining("endpoint nohost is not host:port");
        assertThatThrownBy(() -> client.apply(route("app", List.of(version("stable", 1000, stable)))
                .withMirror(new Route.Mirror("ghost", 10, false, null)))).hasMessageContaining("mirror to unknown version ghost");
        assertThat(client.routes().getFirst().versions().getFirst().weight()).isEqualTo(1000);
        assertThat(field(f.get("/"), "name")).isEqualTo("stable");
    }

    @Test
    void theLastConfigIsServedAgainAfterARestart() throws Exception {
        client.apply(route("app", List.of(version("stable", 1000, stable))));
        f.gateway.close(Duration.ofSeconds(1));
        assertThat(Files.readString(f.configFile)).contains("\"app\"");
        f.gateway = Gateway.start(f.configFile, f.adminSocket, 2);
        assertThat(field(f.get("/"), "name")).isEqualTo("stable");
        assertThat(client.routes()).extracting(Route::name).containsExactly("app");
    }

    @Test
    void anAccessLogHasOneJsonLinePerRequest() throws Exception {
        f.gateway.close(Duration.ofSeconds(1));
        java.nio.file.Path log = f.dir.resolve("access.log");
        f.gateway = Gateway.start(f.configFile, f.adminSocket, 1, log);
        client.apply(route("app", List.of(version("stable", 1000, stable))));
        f.get("/a?b=%22c%22", "User-Agent", "quote\" backslash\\");
        f.get("/status?code=500");
        f.gateway.close(Duration.ofSeconds(1));
        f.gateway = null;
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        java.util.Map<?, ?> first = dev.legends.core.Json.read(lines.getFirst().getBytes(), java.util.Map.class);
        assertThat(first.get("uri")).isEqualTo("/a?b=%22c%22");
        assertThat(first.get("route")).isEqualTo("app");
        assertThat(first.get("version")).isEqualTo("stable");
        assertThat(first.get("endpoint")).isEqualTo(stable.address());
        assertThat(first.get("status")).isEqualTo(200);
        assertThat(lines.get(1)).contains("\"status\":500");
    }

    @Test
    void aRouteServesOnlyTheListenersItNames() throws Exception {
        int adminPort = Fixture.freePort();
        GatewayConfig.Listener internal = new GatewayConfig.Listener("internal", "127.0.0.1", adminPort);
        client.replace(new GatewayConfig(List.of(f.listener(), internal), List.of(
                route("public", List.of(version("stable", 1000, stable))).onListeners(List.of("http")),
                route("ops", List.of(version("stable", 1000, canary))).onListeners(List.of("internal")))));
        assertThat(field(f.get("/"), "name")).isEqualTo("stable");
        var r = f.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + adminPort + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(field(r, "name")).isEqualTo("canary");
        assertThatThrownBy(() -> client.apply(route("x", List.of(version("stable", 1000, stable))).onListeners(List.of("nope"))))
                .hasMessage("route x: no listener named nope");
        client.replace(new GatewayConfig(List.of(f.listener()), List.of()));
        // unbound: no new connections (those it accepted, like the client's pooled one, go on)
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", adminPort).close()).isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void aListenerThatCannotBindChangesNothing() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            GatewayConfig bad = new GatewayConfig(List.of(f.listener(), new GatewayConfig.Listener("x", "127.0.0.1", taken.getLocalPort())),
                    List.of(route("app", List.of(version("stable", 1000, stable)))));
            assertThatThrownBy(() -> client.replace(bad)).hasMessageContaining("listener x: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(client.routes()).isEmpty();
        assertThat(f.get("/").statusCode()).isEqualTo(404);
    }
}
