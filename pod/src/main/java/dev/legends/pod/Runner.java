package dev.legends.pod;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.runtime.Container;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.runtime.ContainerStatus;
import dev.legends.runtime.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code legends run}: checks the options, resolves and unpacks the image, prepares and mounts
 * the writable layer, merges the config, creates the runtime container, records it and starts it.
 * Each step that made something pushes its undo, so a failure at any point leaves nothing behind;
 * a command that cannot start (127, 126) is such a failure, reported as a result.
 */
final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    private final Records records;
    private final ImageStore images;
    private final Unpacker unpacker;
    private final Rootfs rootfs;
    private final ContainerRuntime runtime;
    private final Lifecycle lifecycle;
    private final EventLog events;
    private final Holds holds;
    private final Views views;
    private final Consumer<String> started;

    /** {@code started} hears of each container this started, whose command may have ended already. */
    Runner(Records records, ImageStore images, Unpacker unpacker, Rootfs rootfs, ContainerRuntime runtime,
           Lifecycle lifecycle, EventLog events, Holds holds, Views views, Consumer<String> started) {
        this.records = records;
        this.images = images;
        this.unpacker = unpacker;
        this.rootfs = rootfs;
        this.runtime = runtime;
        this.lifecycle = lifecycle;
        this.events = events;
        this.holds = holds;
        this.views = views;
        this.started = started;
    }

    RunResult run(RunSpec spec, Consumer<String> progress) {
        long t0 = System.nanoTime();
        SpecFactory.check(spec);
        if (spec.autoRemove() && spec.restart().mode() != RestartPolicy.Mode.NO) {
            throw LegendsException.invalid("conflicting options: --restart and --rm");
        }
        String name = name(spec);
        StoredPod pod = spec.pod() == null || spec.pod().isBlank() ? null : records.findPod(spec.pod());
        if (pod != null && spec.network() != NetworkMode.DEFAULT) {
            throw LegendsException.invalid("--network cannot be used with --pod: members share the pod's network namespace");
        }
        net().check(spec, pod != null);
        if (pod != null && spec.hostname() != null) {
            throw LegendsException.invalid("--hostname cannot be used with --pod: members share the pod's hostname");
        }
        Image image = images.resolve(spec.image());
        Digest chain = unpacker.unpack(image, progress);
        String id = Names.newId();
        String hostname = pod != null ? pod.hostname()
                : spec.hostname() != null && !spec.hostname().isBlank() ? spec.hostname()
                : spec.network() == NetworkMode.HOST ? hostHostname() : Names.shortId(id);
        MergedConfig merged = ConfigMerge.merge(image.config().runConfig(), spec, hostname);

        Undo undo = new Undo("run " + name);
        try {
            Path root = rootfs.create(id, chain);
            undo.push(() -> rootfs.remove(id));
            User user = Users.resolve(root, merged.user());
            MergedConfig config = merged.withUser(user.uid(), user.gid(), user.additionalGids());
            RootPaths.mkdirs(root, config.cwd());
            LocalVolumes.Use volumes = lifecycle.volumes().use(spec.volumes(), root);
            undo.push(() -> lifecycle.volumes().undo(volumes));
            SpecFactory.PodJoin join = pod == null ? null : lifecycle.podJoin(pod);
            StoredContainer c = new StoredContainer(id, name, StoredContainer.Role.APP, pod == null ? null : pod.id(),
                    spec.image(), image.id().toString(), chain == null ? null : chain.toString(), config, spec.withVolumes(volumes.specs),
                    0, false, null, join == null ? 0 : join.pausePid(), Instant.now());
            if (net().owner(c) != null) {
                net().attach(c, List.of(name, hostname));
                undo.push(() -> net().detach(id));
            }
            long tCreate = System.nanoTime();
            try {
                runtime.create(SpecFactory.build(c, root, join, net().plan(c), lifecycle.volumes().dir()));
            } catch (LegendsException e) {
                throw new LegendsException(e.kind(), e.getMessage().replaceFirst("^create ", "run "), e);
            }
            undo.push(() -> runtime.delete(id, true));
            long tRecord = System.nanoTime();
            records.tx(tx -> {
                records.insert(tx, c);
                events.container(tx, c, "created from " + spec.image() + " (" + Names.shortId(id) + ")");
                return null;
            });
            lifecycle.volumes().release(volumes); // the record holds them now
            undo.push(() -> records.tx(tx -> {
                records.deleteContainer(tx, id);
                events.container(tx, c, "removed (run failed)");
                return null;
            }));
            if (spec.attach() && spec.autoRemove()) {
                holds.reserve(id);
                undo.push(() -> holds.forget(id));
            }
            Container started;
            long tStart = System.nanoTime();
            try {
                started = runtime.start(id);
            } catch (LegendsException e) {
                Container failed = runtime.state(id);
                if (failed.status() instanceof ContainerStatus.Exited x && (x.exitCode() == 126 || x.exitCode() == 127)) {
                    ContainerInfo info = views.info(c, failed, false);
                    undo.run(e);
                    // runc's reason without the runtime's steps: exec: "x": executable file not found in $PATH
                    String why = e.getMessage().replaceFirst("^start \\S+: ", "").replaceFirst("^runc (create|start): ", "");
                    return new RunResult(info, x.exitCode(), why);
                }
                throw e;
            }
            long tStarted = System.nanoTime();
            events.container(c, started.pid() > 0 ? "started (pid " + started.pid() + ")" : "started");
            this.started.accept(id);
            LOG.info("run {} {}: ready in {} ms (image and root filesystem {} ms, runtime create {} ms, runtime start {} ms)", name,
                    Names.shortId(id), (tStarted - t0) / 1_000_000, (tCreate - t0) / 1_000_000, (tRecord - tCreate) / 1_000_000,
                    (tStarted - tStart) / 1_000_000);
            return new RunResult(views.info(c, started, false), null, null);
        } catch (RuntimeException e) {
            undo.run(e);
            throw e;
        }
    }

    private PodNet net() {
        return lifecycle.net();
    }

    private String name(RunSpec spec) {
        if (spec.name() == null || spec.name().isEmpty()) {
            return Names.random(records::nameTaken);
        }
        Names.check(spec.name(), "container");
        records.containerByName(spec.name()).ifPresent(other -> {
            throw LegendsException.exists("the container name " + spec.name() + " is already in use by container "
                    + other.id() + ": remove it or pick another name");
        });
        if (records.nameTaken(spec.name())) {
            throw LegendsException.exists("the name " + spec.name() + " is already in use by a pod");
        }
        return spec.name();
    }

    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
