package dev.legends.workload;

import dev.legends.image.ImageStore;
import dev.legends.pod.ContainerInfo;
import dev.legends.pod.Engine;
import dev.legends.pod.EngineConfig;
import dev.legends.pod.PodInfo;
import dev.legends.pod.Unpacker;
import dev.legends.snapshot.Snapshotter;
import dev.legends.store.Store;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.TrafficRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * An engine and the workload layer on a temporary root with a busybox image, wired as the daemon
 * wires them, with short timings. Closing removes every pod and container through the engine,
 * then by hand whatever that missed (runc state, monitors, mounts), so a failed test leaves
 * nothing on the host.
 */
final class WorkloadFixture implements AutoCloseable {
    static final String IMAGE = "test/busybox";
    static final String IMAGE2 = "test/busybox:v2";
    static final WorkloadConfig CONFIG = WorkloadConfig.defaults().withResync(Duration.ofMillis(500))
            .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(4)).withAutoscalerSync(Duration.ofSeconds(1))
            .withCpuInitialization(Duration.ZERO);

    final Path root;
    final Store store;
    final ImageStore images;
    final Unpacker unpacker;
    final RecordingRouter router = new RecordingRouter();
    final MetricsSource metrics;
    Engine engine;
    Workloads workloads;

    WorkloadFixture(Path tmp, MetricsSource metrics) throws IOException {
        this.root = tmp.resolve("root");
        this.metrics = metrics;
        this.store = Store.open(root.resolve("legends.db"), Engine.SCHEMA, Workloads.SCHEMA);
        this.images = ImageStore.open(root);
        this.unpacker = new Unpacker(images.content(), Snapshotter.overlay(root.resolve("snapshots")));
        TestImage.busybox(images, tmp, IMAGE, IMAGE2);
        open();
    }

    void open() {
        engine = Engine.open(EngineConfig.of(root, root.resolve("run")), store, images, unpacker);
        workloads = Workloads.open(store, engine, router, metrics, CONFIG);
    }

    /** A daemon stop: the controller and the engine let go; pods keep running. */
    void closeDaemon() {
        workloads.close();
        engine.close();
        workloads = null;
        engine = null;
    }

    static ConditionFactory await() {
        // runc list fails when a container goes away while it lists (another pod being removed): try again
        return Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
    }

    static String manifest(String name, int replicas, String extraSpec) {
        return """
                apiVersion: legends.dev/v1
                kind: App
                metadata:
                  name: %s
                spec:
                  image: %s
                  command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
                  replicas: %d
                %s""".formatted(name, IMAGE, replicas, extraSpec.indent(2));
    }

    List<PodInfo> podsOf(String app) {
        return engine.pods().list().stream().filter(p -> PodNames.parse(p.name()).map(n -> n.app().equals(app)).orElse(false)).toList();
    }

    @Override
    public void close() {
        try {
            if (workloads != null) {
                workloads.close();
            }
            if (engine == null) {
                engine = Engine.open(EngineConfig.of(root, root.resolve("run")), store, images, unpacker);
            }
            for (PodInfo p : engine.pods().list()) {
                quietly(() -> engine.pods().remove(p.id(), true));
            }
            for (ContainerInfo c : engine.containers().list(true)) {
                quietly(() -> engine.containers().remove(c.id(), true));
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
            cleanByHand(root);
            store.close();
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // the manual clean gets it
        }
    }

    /** runc state, monitors and mounts under {@code root} that the engine did not take back. */
    static void cleanByHand(Path root) {
        Path runc = root.resolve("run/runtime/runc");
        List<String> ids = new ArrayList<>();
        try (Stream<Path> s = Files.list(runc)) {
            s.forEach(p -> ids.add(p.getFileName().toString()));
        } catch (IOException e) {
            // none
        }
        for (String id : ids) {
            run("/usr/sbin/runc", "--root", runc.toString(), "delete", "-f", id);
        }
        try {
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String target = line.split(" ")[1];
                if (target.startsWith(root.toString())) {
                    mounts.add(target);
                }
            }
            mounts.sort(Comparator.comparingInt(String::length).reversed());
            mounts.forEach(m -> run("/bin/umount", "-l", m));
        } catch (IOException e) {
            // no mount table
        }
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // not there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A TrafficRouter that remembers the routes it was given. */
    static final class RecordingRouter implements TrafficRouter {
        final Map<String, AppRoute> routes = new ConcurrentHashMap<>();

        @Override
        public void apply(AppRoute route) {
            routes.put(route.app(), route);
        }

        @Override
        public Optional<AppRoute> current(String app) {
            return Optional.ofNullable(routes.get(app));
        }

        @Override
        public void remove(String app) {
            routes.remove(app);
        }
    }
}
