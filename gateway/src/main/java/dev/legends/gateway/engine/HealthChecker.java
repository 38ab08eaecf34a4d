package dev.legends.gateway.engine;

import dev.legends.gateway.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active HTTP health checks: every endpoint of a route that asks for them gets a GET on its
 * interval, from a virtual thread (a blocking socket is the simplest correct client here). An
 * endpoint leaves rotation after {@code unhealthyThreshold} failures in a row and comes back
 * after {@code healthyThreshold} successes. Endpoints no route checks are healthy by definition.
 */
final class HealthChecker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
    private static final long TICK_MILLIS = 100;

    private final Supplier<RouteTable> table;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gateway-health").factory());
    private final Map<Endpoint, Long> due = new HashMap<>();
    private final Set<Endpoint> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    HealthChecker(Supplier<RouteTable> table) {
        this.table = table;
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            Set<Endpoint> checked = new HashSet<>();
            for (CompiledRoute r : table.get().byName.values()) {
                Route.HealthCheck hc = r.route.policy().healthCheck();
                if (hc == null) {
                    continue;
                }
                for (CompiledRoute.VersionTarget v : r.versions) {
                    for (Endpoint e : v.endpoints) {
                        checked.add(e);
                        long interval = hc.intervalMillis() > 0 ? hc.intervalMillis() : 5000;
                        if (due.getOrDefault(e, 0L) <= now && running.add(e)) {
                            due.put(e, now + interval);
                            Thread.ofVirtual().start(() -> check(e, hc, interval));
                        }
                    }
                }
            }
            due.keySet().retainAll(checked);
            table.get().byName.values().forEach(r -> r.versions.forEach(v -> v.endpoints.forEach(e -> {
                if (!checked.contains(e) && !e.healthy()) {
                    e.healthy(true); // its route stopped checking it
                }
            })));
        } catch (RuntimeException e) {
            log.warn("health check tick failed", e);
        }
    }

    private void check(Endpoint e, Route.HealthCheck hc, long interval) {
        try {
            boolean ok = probe(e, hc.path(), (int) Math.min(interval, 2000));
            int unhealthyAfter = hc.unhealthyThreshold() > 0 ? hc.unhealthyThreshold() : 2;
            int healthyAfter = hc.healthyThreshold() > 0 ? hc.healthyThreshold() : 1;
            synchronized (e) {
                if (ok) {
                    e.checkFailures = 0;
                    if (++e.checkSuccesses >= healthyAfter && !e.healthy()) {
                        log.info("endpoint {} is healthy again", e);
                        e.healthy(true);
                    }
                } else {
                    e.checkSuccesses = 0;
                    if (++e.checkFailures >= unhealthyAfter && e.healthy()) {
                        log.info("endpoint {} failed {} health checks: out of rotation", e, e.checkFailures);
                        e.healthy(false);
                    }
                }
            }
        } finally {
            running.remove(e);
        }
    }

    private static boolean probe(Endpoint e, String path, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(e.socketAddress, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + e.address + "\r\nUser-Agent: legends-gateway-health\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] line = new byte[12];
            int n = in.readNBytes(line, 0, 12);
            if (n < 12) {
                return false;
            }
            char c = (char) line[9];
            return c == '2' || c == '3';
        } catch (IOException ex) {
            return false;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
