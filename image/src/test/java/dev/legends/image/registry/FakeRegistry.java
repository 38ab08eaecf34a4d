package dev.legends.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted registry on 127.0.0.1 for what the real one cannot be made to do: a bearer token
 * server, and answers like 503 or 429 on demand. Each route answers by a function of the exchange.
 */
final class FakeRegistry implements AutoCloseable {
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer of(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<HttpExchange, Answer>> routes = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger count = new AtomicInteger();

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests whose path is exactly {@code path}; unknown paths get 404. */
    FakeRegistry route(String path, Function<HttpExchange, Answer> answer) {
        routes.put(path, answer);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        count.incrementAndGet();
        String uri = exchange.getRequestURI().toString();
        requests.add(exchange.getRequestMethod() + " " + uri);
        exchange.getRequestBody().readAllBytes();
        Function<HttpExchange, Answer> route = routes.get(exchange.getRequestURI().getPath());
        Answer a = route == null ? Answer.of(404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}")
                : route.apply(exchange);
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
