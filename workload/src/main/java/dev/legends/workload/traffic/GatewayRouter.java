package dev.legends.workload.traffic;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.Route;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.TrafficRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies app routes to the gateway, with the ready instances of each revision as endpoints.
 * Level-triggered: {@link #sync(String)} recomputes an app's gateway route from the desired
 * {@link AppRoute} and the platform's instances and pushes it only when it changed; it runs on
 * every apply, on instance changes, and on a short timer, so a lost push heals itself.
 * Desired routes are files under {@code stateDir} (written atomically), so they outlive the daemon;
 * the gateway keeps serving its last config meanwhile.
 */
public final class GatewayRouter implements TrafficRouter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayRouter.class);
    /** How long after start the previous endpoints may stand in: a few readiness periods. */
    private static final long ADOPT_SECONDS = 15;

    private final Supplier<GatewayClient> gateway;
    private final Platform platform;
    private final Path stateDir;
    private final Map<String, AppRoute> desired = new ConcurrentHashMap<>();
    private final Map<String, Route> pushed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    /** Until then, endpoints the gateway served before this router started stand in for unknown readiness. */
    private final long adoptUntilNanos;
    private volatile Map<String, Route> adopted;

    /**
     * @param gateway a client for a running gateway; the daemon's supplier starts the gateway
     *                process on first use
     */
    public GatewayRouter(Supplier<GatewayClient> gateway, Platform platform, Path stateDir, long resyncMillis) {
        this.gateway = gateway;
        this.platform = platform;
        this.stateDir = stateDir;
        this.adoptUntilNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADOPT_SECONDS);
        load();
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("gateway-sync").unstarted(r));
        if (resyncMillis > 0) {
            timer.scheduleWithFixedDelay(this::syncAllQuietly, resyncMillis, resyncMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void apply(AppRoute route) {
        save(route);
        desired.put(route.app(), route);
        sync(route.app());
    }

    @Override
    public Optional<AppRoute> current(String app) {
        return Optional.ofNullable(desired.get(app));
    }

    @Override
    public void remove(String app) {
        desired.remove(app);
        pushed.remove(app);
        try {
            Files.deleteIfExists(file(app));
        } catch (IOException e) {
            throw LegendsException.unavailable("remove route of " + app + ": " + e.getMessage());
        }
        try {
            gateway.get().remove(app);
        } catch (LegendsException e) {
            log.debug("gateway route {} not removed: {}", app, e.getMessage());
        }
    }

    /** Recomputes and, if it changed, pushes the gateway route of {@code app}. */
    public synchronized void sync(String app) {
        AppRoute route = desired.get(app);
        if (route == null) {
            return;
        }
        List<Instance> instances = platform.instances(app);
        Route next = RouteTranslation.toGateway(route, instances);
        if (System.nanoTime() < adoptUntilNanos) {
            next = RouteTranslation.withAdopted(next, adopted().get(app), instances);
        }
        if (!next.equals(pushed.get(app))) {
            gateway.get().apply(next);
            pushed.put(app, next);
        }
    }

    /** The gateway's routes as this router found them (read once; none if the gateway was not running). */
    private Map<String, Route> adopted() {
        Map<String, Route> a = adopted;
        if (a == null) {
            Map<String, Route> found = new java.util.HashMap<>();
            try {
                for (Route r : gateway.get().routes()) {
                    found.put(r.name(), r);
                }
            } catch (RuntimeException e) {
                log.debug("no gateway routes to adopt: {}", e.getMessage());
            }
            adopted = a = found;
        }
        return a;
    }

    /** Queue a sync (instance change callbacks call this from the controller's thread). */
    public void changed(String app) {
        timer.execute(() -> {
            try {
                sync(app);
            } catch (RuntimeException e) {
                log.warn("gateway sync of {}: {}", app, e.getMessage());
            }
        });
    }

    private void syncAllQuietly() {
        for (String app : List.copyOf(desired.keySet())) {
            try {
                sync(app);
            } catch (RuntimeException e) {
                pushed.remove(app); // push again once the gateway is back
                log.debug("gateway sync of {}: {}", app, e.getMessage());
            }
        }
    }

    /** Ready endpoints of one revision, for callers that want to see what the gateway gets. */
    public List<String> endpoints(String app, int revision) {
        return RouteTranslation.ready(platform.instances(app), revision);
    }

    private Path file(String app) {
        return stateDir.resolve(app + ".json");
    }

    private void save(AppRoute route) {
        try {
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve(route.app() + ".json.tmp");
            Files.write(tmp, Json.bytes(route));
            Files.move(tmp, file(route.app()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw LegendsException.unavailable("save route of " + route.app() + ": " + e.getMessage());
        }
    }

    private void load() {
        if (!Files.isDirectory(stateDir)) {
            return;
        }
        try (var files = Files.list(stateDir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                AppRoute r = Json.read(Files.readAllBytes(p), AppRoute.class);
                desired.put(r.app(), r);
            }
        } catch (IOException e) {
            throw LegendsException.unavailable("read routes in " + stateDir + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    static boolean isReady(Instance i) {
        return i.ready() && i.phase() == Instance.Phase.RUNNING && i.address() != null;
    }
}
