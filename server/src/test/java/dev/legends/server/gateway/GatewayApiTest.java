package dev.legends.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.legends.core.Json;
import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.Route;
import dev.legends.gateway.RouteMetrics;
import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.Endpoint;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon runs the gateway as a child process, feeds it routes, restarts it, and leaves it serving when it stops. */
class GatewayApiTest {
    @TempDir
    Path root;

    private Daemon daemon;
    private ApiClient api;
    private HttpServer backend;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        backend.createContext("/", x -> {
            byte[] b = "hello from backend\n".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        backend.start();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        daemon = Daemon.start(DaemonConfig.of(root));
        api = new ApiClient(Endpoint.forRoot(root));
    }

    @AfterEach
    void stop() {
        GatewayClient c = new GatewayClient(daemon.gateway().socket());
        daemon.gateway().stopGateway();
        daemon.close();
        try {
            ProcessHandle.of(c.status().pid()).ifPresent(ProcessHandle::destroy); // one adopted or restarted behind our back
        } catch (RuntimeException ignored) {
            // none left: good
        }
        backend.stop(0);
        http.close();
    }

    @Test
    void routesGoThroughTheDaemonToASupervisedGatewayThatSurvivesCrashesAndTheDaemon() throws Exception {
        assertThat(api.get("/v1/gateway/status", GatewayApi.View.class).running()).isFalse(); // started lazily
        Route route = Route.simple("app", null, "/", "127.0.0.1:" + backend.getAddress().getPort());
        api.call("PUT", "/v1/gateway/config", Json.bytes(new GatewayConfig(
                List.of(new GatewayConfig.Listener("http", "127.0.0.1", port)), List.of(route))));
        for (int i = 0; i < 3; i++) {
            assertThat(get().body()).isEqualTo("hello from backend\n");
        }
        RouteMetrics m = api.get("/v1/gateway/metrics/app?window=60", RouteMetrics.class);
        assertThat(m.version("stable").total().requests()).isEqualTo(3);
        List<Route> routes = api.get("/v1/gateway/routes", Json.listOf(Route.class));
        assertThat(routes).extracting(Route::name).containsExactly("app");

        GatewayApi.View v = api.get("/v1/gateway/status", GatewayApi.View.class);
        assertThat(v.running()).isTrue();
        assertThat(v.pid()).isNotEqualTo(ProcessHandle.current().pid());
        ProcessHandle.of(v.pid()).orElseThrow().destroyForcibly();
        long deadline = System.currentTimeMillis() + 20_000;
        GatewayApi.View after = v;
        while ((!after.running() || after.pid() == v.pid()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            after = api.get("/v1/gateway/status", GatewayApi.View.class);
        }
        assertThat(after.running()).isTrue();
        assertThat(after.restarts()).isEqualTo(1);
        assertThat(get().body()).isEqualTo("hello from backend\n"); // its saved config came back with it

        api.call("DELETE", "/v1/gateway/routes/app", null);
        assertThat(get().statusCode()).isEqualTo(404);
        api.call("PUT", "/v1/gateway/routes/app", Json.bytes(route));

        daemon.close(); // the gateway goes on without the daemon
        assertThat(get().statusCode()).isEqualTo(200);
        daemon = Daemon.start(DaemonConfig.of(root));
        Thread.sleep(200);
        assertThat(api.get("/v1/gateway/status", GatewayApi.View.class).pid()).isEqualTo(after.pid()); // adopted, not replaced
        api.call("POST", "/v1/gateway/stop", null);
        assertThat(ProcessHandle.of(after.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(api.get("/v1/gateway/status", GatewayApi.View.class).running()).isFalse();
    }

    private HttpResponse<String> get() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
