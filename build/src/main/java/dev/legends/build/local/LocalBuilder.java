package dev.legends.build.local;

import dev.legends.build.BuildEvent;
import dev.legends.build.BuildListener;
import dev.legends.build.BuildPorts;
import dev.legends.build.BuildRequest;
import dev.legends.build.BuildResult;
import dev.legends.build.Builder;
import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import dev.legends.pod.Unpacker;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * Dockerfile builds on this host: the {@link Builder} over the image store, overlay snapshots,
 * runc containers and a cache table in SQLite. Under {@code workDir}: {@code mnt/} (step rootfs
 * mounts) and {@code runtime/} (the build containers' runtime state, apart from app containers).
 * Safe for concurrent builds; each gets ports of its own.
 */
public final class LocalBuilder {
    private final ImageStore images;
    private final Unpacker unpacker;
    private final Store store;
    private final BasePuller puller;
    private final Path mnt;
    private final Path runtimeState;
    private ContainerRuntime runtime;

    /** The cache table; open the daemon's store with it. */
    public static final Schema SCHEMA = CacheTable.SCHEMA;

    private LocalBuilder(ImageStore images, Unpacker unpacker, Store store, Path mnt, Path runtimeState, BasePuller puller) {
        this.puller = puller;
        this.images = images;
        this.unpacker = unpacker;
        this.store = store;
        this.mnt = mnt;
        this.runtimeState = runtimeState;
    }

    /**
     * A builder keeping its cache table in {@code store} (opened with {@link #SCHEMA}), that first
     * removes what builds of a killed daemon left under {@code workDir}.
     */
    public static LocalBuilder open(ImageStore images, Unpacker unpacker, Store store, Path workDir) {
        return open(images, unpacker, store, workDir, BasePuller.NONE);
    }

    /** As above, pulling base images the store lacks with {@code puller}. */
    public static LocalBuilder open(ImageStore images, Unpacker unpacker, Store store, Path workDir, BasePuller puller) {
        Path mnt = workDir.resolve("mnt");
        try {
            Files.createDirectories(mnt);
        } catch (IOException e) {
            throw LegendsException.unavailable("create " + mnt + ": " + e.getMessage());
        }
        LocalBuilder builder = new LocalBuilder(images, unpacker, store, mnt, workDir.resolve("runtime"), puller);
        if (Files.isDirectory(builder.runtimeState)) {
            builder.runtime(); // containers first: they may still run on the mounts swept next
        }
        Leftovers.sweep(unpacker.snapshots(), mnt);
        return builder;
    }

    public BuildResult build(BuildRequest request, BuildListener listener) {
        return build(request, listener, () -> false);
    }

    /**
     * Runs one build. When {@code cancelled} turns true (the client went away) the build stops at
     * its next event or while a RUN waits, kills its container and removes what it made; nothing
     * is tagged then.
     */
    public BuildResult build(BuildRequest request, BuildListener listener, BooleanSupplier cancelled) {
        StoreImageSink.checkTags(request.tags());
        LayerBlobs blobs = new LayerBlobs(images.content());
        BuildPorts ports = new BuildPorts(
                new StoreImageSource(images, unpacker, blobs, puller),
                new OverlayRootfs(unpacker.snapshots(), images, mnt),
                new ContainerRunner(this::runtime, cancelled),
                new StoreImageSink(images, blobs),
                new CacheTable(store, unpacker.snapshots(), images.content()),
                Clock.systemUTC());
        BuildListener checked = event -> {
            // Built comes after the image is stored: too late to take it back
            if (!(event instanceof BuildEvent.Built) && cancelled.getAsBoolean()) {
                throw LegendsException.unavailable("build cancelled");
            }
            listener.on(event);
        };
        return Builder.create(ports).build(request, checked);
    }

    /** The runtime, opened on the first RUN so that a host without runc can still build COPY-only images. */
    private synchronized ContainerRuntime runtime() {
        if (runtime == null) {
            ContainerRuntime rt = ContainerRuntime.open(runtimeState);
            Leftovers.sweep(rt);
            runtime = rt;
        }
        return runtime;
    }
}
