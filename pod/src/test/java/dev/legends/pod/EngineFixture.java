package dev.legends.pod;

import dev.legends.image.ImageStore;
import dev.legends.network.NetworkOptions;
import dev.legends.network.Networks;
import dev.legends.snapshot.Snapshotter;
import dev.legends.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * An engine on a temporary root with a busybox image, the way the daemon wires one. Closing it
 * removes every container and pod through the engine, then by hand whatever that missed, so a
 * failed test leaves no mount, cgroup or runc state behind.
 */
final class EngineFixture implements AutoCloseable {
    static final String IMAGE = "test/busybox";

    final Path root;
    final Store store;
    final ImageStore images;
    final Unpacker unpacker;
    Engine engine;
    /** null: an engine without networking, as most tests want (loopback only, nothing on the host). */
    final NetworkOptions netOptions;
    final Networks networks;

    EngineFixture(Path tmp) throws IOException {
        this(tmp, null);
    }

    EngineFixture(Path tmp, NetworkOptions netOptions) throws IOException {
        this.root = tmp.resolve("root");
        this.netOptions = netOptions;
        this.store = Store.open(root.resolve("legends.db"), Engine.SCHEMA, Networks.SCHEMA);
        this.networks = netOptions == null ? null : Networks.open(store, netOptions);
        this.images = ImageStore.open(root);
        this.unpacker = new Unpacker(images.content(), Snapshotter.overlay(root.resolve("snapshots")));
        TestImages.busybox(images, tmp, IMAGE);
        this.engine = open();
    }

    Engine open() {
        return Engine.open(EngineConfig.of(root, root.resolve("run")), store, images, unpacker, networks);
    }

    Containers containers() {
        return engine.containers();
    }

    Pods pods() {
        return engine.pods();
    }

    /** Runs {@code args} in the busybox image and expects it to start. */
    ContainerInfo run(RunSpec.Builder spec) {
        RunResult r = containers().run(spec.build(), p -> { });
        if (!r.started()) {
            throw new AssertionError("did not start: " + r.error());
        }
        return r.container();
    }

    static RunSpec.Builder busybox(String... args) {
        return RunSpec.builder(IMAGE, args);
    }

    static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
    }

    @Override
    public void close() {
        if (engine == null) {
            engine = open();
        }
        try {
            for (PodInfo p : engine.pods().list()) {
                quietly(() -> engine.pods().remove(p.id(), true));
            }
            for (ContainerInfo c : engine.containers().list(true)) {
                quietly(() -> engine.containers().remove(c.id(), true));
            }
        } finally {
            engine.close();
            Leftovers.clean(root);
            if (networks != null) {
                NetworkLeftovers.clean(networks, netOptions);
            }
            store.close();
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // the manual clean below gets it
        }
    }
}
