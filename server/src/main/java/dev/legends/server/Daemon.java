package dev.legends.server;

import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import dev.legends.build.local.LocalBuilder;
import dev.legends.image.registry.RegistryClient;
import dev.legends.image.registry.RegistryOptions;
import dev.legends.pod.Engine;
import dev.legends.server.build.BuildApi;
import dev.legends.server.registry.RegistryApi;
import dev.legends.pod.EngineConfig;
import dev.legends.network.NetworkOptions;
import dev.legends.network.Networks;
import dev.legends.server.network.NetworksApi;
import dev.legends.server.console.Console;
import dev.legends.server.containers.ContainersApi;
import dev.legends.server.containers.PodsApi;
import dev.legends.server.volumes.VolumesApi;
import dev.legends.server.gateway.GatewaySupervisor;
import dev.legends.server.http.HttpApi;
import dev.legends.server.images.BaseImages;
import dev.legends.server.images.ImageFiles;
import dev.legends.server.images.ImagesApi;
import dev.legends.pod.Unpacker;
import dev.legends.snapshot.Snapshotter;
import java.nio.file.Path;
import dev.legends.server.http.Router;
import dev.legends.store.Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running process: holds the root lock, the store and the API listeners. Start-up order
 * matters: the lock first (so nothing is touched while another daemon owns the root), then the
 * store, then the listeners (so no request arrives before there is state to answer from).
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final RootLock lock;
    private final Store store;
    private final HttpApi api;
    private final Instant startedAt = Instant.now();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private InetSocketAddress tcpAddress;
    private InetSocketAddress dashboardAddress;
    private Console console;
    private Engine engine;
    private AppPlane apps;
    private GatewaySupervisor gateway;
    private RegistryClient registry;

    private Daemon(DaemonConfig config, RootLock lock, Store store, HttpApi api) {
        this.config = config;
        this.lock = lock;
        this.store = store;
        this.api = api;
    }

    /** Starts a daemon on {@code config}; the returned daemon serves until {@link #close()}. */
    public static Daemon start(DaemonConfig config) {
        return start(config, null);
    }

    /** As {@link #start(DaemonConfig)}, also running clients' command lines with {@code lines} (null: none). */
    public static Daemon start(DaemonConfig config, CommandLines lines) {
        createRoot(config);
        RootLock lock = RootLock.acquire(config.root());
        sqliteNatives(config);
        Store store = null;
        HttpApi api = null;
        Engine engine = null;
        RegistryClient registry = null;
        AppPlane apps = null;
        try {
            Logging.toFile(config.logFile(), config.debug());
            store = Store.open(config.database(), Engine.SCHEMA, LocalBuilder.SCHEMA, Networks.SCHEMA,
                    dev.legends.workload.Workloads.SCHEMA, dev.legends.release.Releases.SCHEMA);
            Router router = new Router();
            api = new HttpApi(router);
            Daemon daemon = new Daemon(config, lock, store, api);
            new SystemApi(daemon).register(router);
            new EventsApi(store.events()).register(router);
            new CommandLinesApi(lines).register(router);
            Console console = new Console(router); // the OpenAPI document lists every route, also those added below
            daemon.console = console;
            // One image store and one snapshotter per root: containers, builds and ls-files must
            // all see the same snapshots, or each would unpack layers of its own.
            ImageStore images = ImageStore.open(config.root());
            Unpacker unpacker = new Unpacker(images.content(), Snapshotter.overlay(config.root().resolve("snapshots")));
            BaseImages base = new BaseImages(images, config.root().resolve("tmp"), Path.of(System.getProperty("java.home")));
            new ImagesApi(images, store.events(), base, new ImageFiles(images, unpacker)).register(router);
            registry = RegistryClient.open(images, RegistryOptions.defaults(config.root()).withInsecureRegistries(config.insecureRegistries()));
            daemon.registry = registry;
            new RegistryApi(registry, store.events()).register(router);
            RegistryClient pulls = registry;
            LocalBuilder builder = LocalBuilder.open(images, unpacker, store, config.root().resolve("build"),
                    ref -> pulls.pull(ref, null, progress -> { }));
            new BuildApi(builder, store.events()).register(router);
            Networks networks = Networks.open(store, NetworkOptions.forDaemon(config.runDir()));
            new NetworksApi(networks).register(router);
            engine = Engine.open(EngineConfig.of(config.root(), config.runDir()), store, images, unpacker, networks);
            daemon.engine = engine;
            new ContainersApi(engine.containers()).register(router);
            new PodsApi(engine.pods()).register(router);
            new VolumesApi(engine.volumes()).register(router);
            // apps, the gateway and releases, driven through the Platform/TrafficRouter/MetricsSource ports
            apps = AppPlane.open(config, store, engine, router);
            daemon.apps = apps;
            daemon.gateway = apps.gateway;
            api.listenUnix(config.socket());
            if (config.tcp() != null) {
                daemon.tcpAddress = api.listenTcp(config.tcp(), config.token());
            }
            if (config.dashboard() != null) {
                daemon.dashboardAddress = console.serve(api, config.dashboard(), config.token(), config.tokenFile(), config.root());
                log.info("legends dashboard on http://{}:{}/", daemon.dashboardAddress.getHostString(), daemon.dashboardAddress.getPort());
            }
            store.events().append("daemon", "legends", "daemon started (pid " + ProcessHandle.current().pid() + ")");
            log.info("legends daemon serving on {}{}", config.socket(), daemon.tcpAddress == null ? "" : " and tcp://" + daemon.tcpAddress);
            apps.resume(); // a saved gateway config is served again
            return daemon;
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            if (apps != null) {
                apps.close();
            }
            if (engine != null) {
                engine.close();
            }
            if (registry != null) {
                registry.close();
            }
            if (store != null) {
                store.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * sqlite-jdbc unpacks its native library into java.io.tmpdir and deletes it at a normal exit
     * only: each daemon killed with SIGKILL left a copy in /tmp. Here it goes under the root
     * (not the run directory: a library must be mapped executable, and /run is often noexec),
     * where the next daemon on this root (the only one: it holds the root's lock) clears what a
     * killed one left. A JVM that has set the property, or run a daemon, keeps its own.
     */
    private static void sqliteNatives(DaemonConfig config) {
        if (System.getProperty("org.sqlite.tmpdir") != null) {
            return;
        }
        Path dir = config.root().resolve("tmp").resolve("sqlite");
        try {
            Files.createDirectories(dir);
            try (var left = Files.list(dir)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            System.setProperty("org.sqlite.tmpdir", dir.toString());
        } catch (IOException e) {
            // java.io.tmpdir then, as before
        }
    }

    private static void createRoot(DaemonConfig config) {
        try {
            Files.createDirectories(config.root());
            Files.setPosixFilePermissions(config.root(), PosixFilePermissions.fromString("rwx--x--x"));
            Files.createDirectories(config.runDir());
        } catch (IOException e) {
            throw LegendsException.unavailable("create " + config.root() + ": " + e.getMessage());
        }
    }

    public DaemonConfig config() {
        return config;
    }

    /** Where apps run: "local", or "kubernetes" and the namespace ("kubernetes (namespace shop)"). */
    public String platform() {
        return apps == null ? config.platform() : apps.platform();
    }

    /** The gateway process this daemon supervises (started on demand); null when apps run on Kubernetes. */
    public GatewaySupervisor gateway() {
        return gateway;
    }

    public Store store() {
        return store;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The bound TCP address (its port is chosen by the kernel when asked for 0), or null. */
    public InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    /** The bound dashboard address, or null when it was not asked for. */
    public InetSocketAddress dashboardAddress() {
        return dashboardAddress;
    }

    /** The API reference and dashboard (its routes list every route the daemon serves). */
    public Console console() {
        return console;
    }

    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops serving, records the stop, and releases the store and the root, in reverse start order. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        api.close();
        if (apps != null) {
            apps.close(); // pods and the gateway process keep running; the next daemon adopts them
        }
        engine.close(); // containers keep running under their monitors
        registry.close();
        try {
            store.events().append("daemon", "legends", "daemon stopped");
        } catch (LegendsException e) {
            log.warn("could not record the stop: {}", e.getMessage());
        }
        store.close();
        lock.close();
        log.info("legends daemon stopped");
        stopped.countDown();
    }
}
