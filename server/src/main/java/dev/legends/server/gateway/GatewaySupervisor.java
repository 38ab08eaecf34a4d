package dev.legends.server.gateway;

import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.GatewayStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway as its own process (a {@code java} child on the daemon's classpath) and keeps it
 * running: if it dies it is started again, with a growing pause. The gateway saves its config in
 * ROOT/gateway/config.json and loads it when it starts, so a restart serves what it served; the
 * daemon pushes changes through the admin socket RUN/gateway.sock. A gateway still alive from an
 * earlier daemon is adopted, not replaced, and the daemon leaves the gateway running when it stops:
 * traffic does not depend on the daemon.
 *
 * <p>The gateway starts lazily: at daemon start only if a saved config has listeners or routes,
 * otherwise at the first change. A daemon that never routes anything starts no second JVM.
 */
public final class GatewaySupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewaySupervisor.class);
    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final Path dir;
    private final Path socket;
    private final GatewayClient client;
    private Process process;
    private Thread watcher;
    private volatile boolean closed;
    private int restarts;

    public GatewaySupervisor(Path root, Path runDir) {
        this.dir = root.resolve("gateway");
        this.socket = runDir.resolve("gateway.sock");
        this.client = new GatewayClient(socket);
    }

    public Path configFile() {
        return dir.resolve("config.json");
    }

    public Path socket() {
        return socket;
    }

    /** Starts (or adopts) the gateway now if a saved config asks for one. */
    public void startIfConfigured() {
        try {
            if (Files.exists(configFile()) && Files.size(configFile()) > 0) {
                String saved = Files.readString(configFile());
                if (saved.contains("\"port\"") || saved.contains("\"versions\"")) {
                    ensureRunning();
                }
            }
        } catch (IOException | LegendsException e) {
            log.warn("gateway not started: {}", e.getMessage());
        }
    }

    /** A client for a running gateway, starting one first if needed. */
    public synchronized GatewayClient client() {
        ensureRunning();
        return client;
    }

    /** The running gateway's status, or null when none runs (without starting one). */
    public GatewayStatus statusIfRunning() {
        try {
            return client.status();
        } catch (LegendsException e) {
            return null;
        }
    }

    /** The saved config, read from disk without starting a gateway. */
    public GatewayConfig savedConfig() {
        try {
            return Files.exists(configFile()) ? dev.legends.core.Json.read(Files.readAllBytes(configFile()), GatewayConfig.class)
                    : GatewayConfig.empty();
        } catch (IOException e) {
            throw LegendsException.unavailable("read " + configFile() + ": " + e.getMessage());
        }
    }

    private synchronized void ensureRunning() {
        if (closed) {
            throw LegendsException.unavailable("the daemon is stopping");
        }
        if (client.alive()) {
            return;
        }
        if (process != null && process.isAlive()) {
            awaitAdmin(process);
            return;
        }
        process = spawn();
        awaitAdmin(process);
        if (watcher == null) {
            watcher = Thread.ofVirtual().name("gateway-watch").start(this::watch);
        }
    }

    private Process spawn() {
        try {
            Files.createDirectories(dir);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Serial GC: a proxy's live set is small and short-lived; it gave the best p99 in bench/gateway
                    "--enable-native-access=ALL-UNNAMED", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Xmn128m",
                    "-Xms256m", "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), "dev.legends.gateway.engine.GatewayMain",
                    "--config", configFile().toString(), "--admin", socket.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gateway.log").toFile())).start();
            log.info("gateway started (pid {})", p.pid());
            return p;
        } catch (IOException e) {
            throw LegendsException.unavailable("start the gateway: " + e.getMessage());
        }
    }

    private void awaitAdmin(Process p) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (client.alive()) {
                return;
            }
            if (!p.isAlive()) {
                throw LegendsException.unavailable("the gateway exited with " + p.exitValue() + " at start; see " + dir.resolve("gateway.log"));
            }
            sleep(50);
        }
        throw LegendsException.unavailable("the gateway did not open " + socket + " within " + START_TIMEOUT_MILLIS / 1000 + " s");
    }

    /** Restarts the gateway when its process ends, pausing 1, 2, 4... up to 30 s between tries. */
    private void watch() {
        while (!closed) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null) {
                sleep(1000);
                continue;
            }
            try {
                int code = p.waitFor();
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    if (process != p) {
                        continue; // stopped on purpose
                    }
                }
                long pause = Math.min(30_000, 1000L << Math.min(restarts, 5));
                log.warn("gateway (pid {}) exited with {}; restarting in {} ms", p.pid(), code, pause);
                sleep(pause);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    if (process == p && !client.alive()) { // not stopped on purpose, and nobody took over
                        restarts++;
                        process = spawn();
                        awaitAdmin(process);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (LegendsException e) {
                log.warn("gateway restart failed: {}", e.getMessage());
            }
        }
    }

    public int restarts() {
        return restarts;
    }

    /** The pid of the gateway this daemon started, or -1. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /**
     * Stops the gateway process, whether this daemon started it or adopted it (traffic stops; the
     * next change starts it again): for `legends gateway stop` and tests, not for daemon shutdown.
     * Returns the pid stopped, or -1 when none ran.
     */
    public synchronized long stopGateway() {
        Process p = process;
        process = null;
        ProcessHandle h = p != null && p.isAlive() ? p.toHandle() : null;
        if (h == null) {
            GatewayStatus s = statusIfRunning();
            h = s == null ? null : ProcessHandle.of(s.pid()).orElse(null);
        }
        if (h == null) {
            return -1;
        }
        h.destroy(); // SIGTERM: the gateway drains open requests for up to 10 s
        try {
            h.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            h.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return h.pid();
    }

    /** Stops watching; the gateway keeps serving its last config while the daemon is away. */
    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
