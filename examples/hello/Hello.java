import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's app: a tiny HTTP service whose version and error rate come from its image's
 * environment, so that v1, v2 and a faulty v3 are the same code built three times.
 *   GET /         "hello from VERSION on HOST"   (ERROR_RATE percent of them answer 500)
 *   GET /healthz  200 once started             (readiness and liveness probes)
 *   GET /burn?ms=N  spins a CPU for N ms        (the autoscaler's load)
 */
public final class Hello {
    public static void main(String[] args) throws IOException {
        String version = System.getenv().getOrDefault("VERSION", "v1");
        double errorRate = Double.parseDouble(System.getenv().getOrDefault("ERROR_RATE", "0"));
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String host = InetAddress.getLocalHost().getHostName();
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/healthz", ex -> reply(ex, 200, "ok\n"));
        server.createContext("/burn", ex -> {
            long ms = Math.min(1000, Long.parseLong(query(ex, "ms", "50")));
            long end = System.nanoTime() + ms * 1_000_000;
            long x = 0;
            while (System.nanoTime() < end) {
                x += ThreadLocalRandom.current().nextInt();
            }
            reply(ex, 200, "burned " + ms + " ms (" + (x & 1) + ")\n");
        });
        server.createContext("/", ex -> {
            if (ThreadLocalRandom.current().nextDouble(100) < errorRate) {
                reply(ex, 500, "error from " + version + " on " + host + "\n");
            } else {
                reply(ex, 200, "hello from " + version + " on " + host + "\n");
            }
        });
        server.start();
        System.out.println("hello " + version + " listening on :" + port + " (error rate " + errorRate + "%)");
    }

    private static String query(HttpExchange ex, String name, String fallback) {
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith(name + "=")) {
                    return kv.substring(name.length() + 1);
                }
            }
        }
        return fallback;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.getResponseHeaders().set("X-Version", System.getenv().getOrDefault("VERSION", "v1"));
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
