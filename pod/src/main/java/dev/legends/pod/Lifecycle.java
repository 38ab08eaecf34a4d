package dev.legends.pod;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.runtime.Container;
import dev.legends.runtime.ContainerRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Brings a recorded container up and takes it away: the steps that run, start, restart, pods
 * and the supervisor share. The runtime container is made again from the record when the runtime
 * lost it (a reboot emptied /run) or when the pod it joins has a new pause process.
 */
final class Lifecycle {
    private final Records records;
    private final ContainerRuntime runtime;
    private final Rootfs rootfs;
    private final Path pauseRootfs;
    private final EventLog events;
    private final Holds holds;
    private final PodNet net;
    private final LocalVolumes volumes;

    Lifecycle(Records records, ContainerRuntime runtime, Rootfs rootfs, Path pauseRootfs, EventLog events, Holds holds, PodNet net,
              LocalVolumes volumes) {
        this.net = net;
        this.volumes = volumes;
        this.records = records;
        this.runtime = runtime;
        this.rootfs = rootfs;
        this.pauseRootfs = pauseRootfs;
        this.events = events;
        this.holds = holds;
    }

    /** The runtime's view of the container; empty when the runtime does not know it. */
    Optional<Container> state(String id) {
        try {
            return Optional.of(runtime.state(id));
        } catch (LegendsException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    Path rootfsOf(StoredContainer c) {
        return c.isPause() ? pauseRootfs : rootfs.dir(c.id());
    }

    /**
     * Starts a container that is not running. A failed start (command not found...) throws, and
     * leaves the container exited with docker's code.
     */
    Container start(StoredContainer c) {
        SpecFactory.PodJoin join = c.podId() != null && !c.isPause() ? podJoin(records.findPod(c.podId())) : null;
        Optional<Container> now = state(c.id());
        if (now.isPresent() && now.get().isRunning()) {
            return now.get();
        }
        Path root = c.isPause() ? pauseRootfs : rootfs.ensureMounted(c.id());
        if (now.isEmpty() || (join != null && join.pausePid() != c.joinedPid())) {
            // namespaces are paths in config.json: a new pause process means a new bundle
            if (now.isPresent()) {
                runtime.delete(c.id(), true);
            }
            net.ensure(c, names(c));
            runtime.create(SpecFactory.build(c, root, join, net.plan(c), volumes.dir()));
            if (join != null) {
                records.setJoinedPid(c.id(), join.pausePid());
            }
        }
        Container started = runtime.start(c.id());
        events.container(c, started.pid() > 0 ? "started (pid " + started.pid() + ")" : "started");
        return started;
    }

    /** The names peers on its networks know a namespace owner by: a pod's name and hostname, a container's. */
    List<String> names(StoredContainer c) {
        if (c.isPause()) {
            return records.pod(c.podId()).map(p -> List.of(p.name(), p.hostname())).orElse(List.of());
        }
        return List.of(c.name(), c.config().hostname());
    }

    PodNet net() {
        return net;
    }

    LocalVolumes volumes() {
        return volumes;
    }

    /** The namespaces a member of {@code pod} joins, starting the pause container when it is down. */
    SpecFactory.PodJoin podJoin(StoredPod pod) {
        StoredContainer pause = records.container(pod.pauseId())
                .orElseThrow(() -> LegendsException.notFound("pod " + pod.name() + " has lost its pause container: remove the pod"));
        return new SpecFactory.PodJoin(start(pause).pid(), pod.sharePid());
    }

    /**
     * Removes every trace: runtime state, cgroups, monitor, bundle, mount, snapshot, record, and
     * with {@code --rm} its anonymous volumes (as docker). A running container needs {@code force};
     * it is then killed.
     */
    void remove(StoredContainer c, boolean force) {
        Optional<Container> now = state(c.id());
        if (now.isPresent() && now.get().isRunning() && !force) {
            throw LegendsException.precondition("cannot remove container " + c.name()
                    + ": it is running: stop it first or force the removal (rm -f)");
        }
        holds.forget(c.id());
        if (now.isPresent()) {
            runtime.delete(c.id(), true);
        }
        if (!c.isPause()) {
            rootfs.remove(c.id());
        }
        String owner = net.owner(c);
        if (owner != null) {
            net.detach(owner);
        }
        records.tx(tx -> {
            records.deleteContainer(tx, c.id());
            events.container(tx, c, "removed");
            return null;
        });
        if (c.options().autoRemove()) {
            volumes.removeAnonymous(c);
        }
    }
}
