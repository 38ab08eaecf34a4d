package dev.legends.gateway.engine;

import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.Route;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A gateway on a free 127.0.0.1 port with its own config file and admin socket, and backends to close with it. */
class Fixture implements AutoCloseable {
    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host,connection");
    }

    final Path dir;
    final int port;
    final Path configFile;
    final Path adminSocket;
    Gateway gateway;
    final List<TestBackend> backends = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    Fixture() throws IOException {
        dir = Files.createTempDirectory("lgw");
        port = freePort();
        configFile = dir.resolve("gateway.json");
        adminSocket = dir.resolve("admin.sock");
        gateway = Gateway.start(configFile, adminSocket, 2);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    TestBackend backend(String name) {
        TestBackend b = new TestBackend(name);
        backends.add(b);
        return b;
    }

    GatewayConfig.Listener listener() {
        return new GatewayConfig.Listener("http", "127.0.0.1", port);
    }

    void apply(Route... routes) {
        gateway.apply(new GatewayConfig(List.of(listener()), List.of(routes)));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of "key=" in a TestBackend answer. */
    static String field(HttpResponse<String> r, String key) {
        for (String line : r.body().split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return null;
    }

    static Route.Version version(String name, int weight, TestBackend... bs) {
        return new Route.Version(name, java.util.Arrays.stream(bs).map(TestBackend::address).toList(), weight);
    }

    static Route route(String name, List<Route.Version> versions) {
        return new Route(name, List.of(), "/", versions, List.of(), null, null, null);
    }

    @Override
    public void close() throws IOException {
        if (gateway != null) {
            gateway.close(Duration.ofSeconds(2));
        }
        backends.forEach(TestBackend::close);
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        http.close();
    }
}
