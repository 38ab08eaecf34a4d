package dev.legends.pod;

import dev.legends.core.LegendsException;
import dev.legends.runtime.Container;
import dev.legends.runtime.ContainerRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pods: a record, a pause container that holds the namespaces, and the members that joined them.
 * Stopping stops members first and the pause container last; starting goes the other way.
 */
final class LocalPods implements Pods {
    private final Records records;
    private final ContainerRuntime runtime;
    private final Lifecycle lifecycle;
    private final DetailsReader details;
    private final Views views;
    private final EventLog events;
    private final KeyedLocks locks;
    private final Path pauseRootfs;

    LocalPods(Records records, ContainerRuntime runtime, Lifecycle lifecycle, DetailsReader details, Views views,
              EventLog events, KeyedLocks locks, Path pauseRootfs) {
        this.records = records;
        this.runtime = runtime;
        this.lifecycle = lifecycle;
        this.details = details;
        this.views = views;
        this.events = events;
        this.locks = locks;
        this.pauseRootfs = pauseRootfs;
    }

    @Override
    public PodInfo create(PodSpec spec) {
        String name = spec.name() == null || spec.name().isBlank() ? Names.random(records::nameTaken) : spec.name();
        Names.check(name, "pod");
        if (records.nameTaken(name)) {
            throw LegendsException.exists("pod create: the name " + name + " is already in use");
        }
        String wanted = spec.hostname() == null || spec.hostname().isBlank() ? name : spec.hostname();
        String hostname = wanted.length() > 63 ? wanted.substring(0, 63) : wanted;
        StoredPod pod = new StoredPod(Names.newId(), name, hostname, spec.sharePid(), Names.newId(), Instant.now());
        MergedConfig cfg = new MergedConfig(List.of(PauseRootfs.BINARY, "-P"), List.of(ConfigMerge.DEFAULT_PATH), "/", "",
                0, 0, List.of(), ConfigMerge.DEFAULT_STOP_SIGNAL, hostname);
        // the pause container holds the pod's namespaces, so its options carry the pod's networking
        RunSpec pauseOptions = RunSpec.builder("(pause)").networking(spec.network(), spec.networks(), spec.ip(), spec.publish(),
                spec.identity()).build();
        lifecycle.net().check(pauseOptions, false);
        StoredContainer pause = new StoredContainer(pod.pauseId(), Names.shortId(pod.id()) + "-infra", StoredContainer.Role.PAUSE,
                pod.id(), "(pause: catatonit -P)", null, null, cfg, pauseOptions, 0, false, null, 0, pod.created());
        Undo undo = new Undo("pod create " + name);
        try {
            records.tx(tx -> {
                records.insert(tx, pod);
                records.insert(tx, pause);
                events.pod(tx, pod, "created (pause container " + Names.shortId(pause.id()) + ")");
                return null;
            });
            undo.push(() -> records.tx(tx -> {
                records.deleteContainer(tx, pause.id());
                records.deletePod(tx, pod.id());
                events.pod(tx, pod, "removed (create failed)");
                return null;
            }));
            if (lifecycle.net().owner(pause) != null) {
                lifecycle.net().attach(pause, List.of(name, hostname));
                undo.push(() -> lifecycle.net().detach(pod.id()));
            }
            runtime.create(SpecFactory.build(pause, pauseRootfs, null, lifecycle.net().plan(pause)));
            undo.push(() -> runtime.delete(pause.id(), true));
            lifecycle.start(pause);
            return info(pod);
        } catch (RuntimeException e) {
            undo.run(e);
            throw e instanceof LegendsException le ? le.wrap("pod create " + name) : e;
        }
    }

    @Override
    public List<PodInfo> list() {
        List<StoredPod> pods = records.pods();
        // one runc list for all, not a runc state per container
        Map<String, Container> live = pods.isEmpty() ? Map.of()
                : runtime.list().stream().collect(Collectors.toMap(Container::id, c -> c));
        return pods.stream().map(p -> info(p, id -> Optional.ofNullable(live.get(id)))).toList();
    }

    @Override
    public PodDetails inspect(String ref) {
        StoredPod pod = records.findPod(ref);
        List<StoredContainer> members = records.members(pod.id());
        ContainerInfo pause = records.container(pod.pauseId())
                .map(p -> views.info(p, lifecycle.state(p.id()).orElse(null), false)).orElse(null);
        List<ContainerInfo> infos = members.stream().map(m -> views.info(m, lifecycle.state(m.id()).orElse(null), false)).toList();
        return new PodDetails(info(pod), pause, details.held(pod, members), infos, lifecycle.net().details(pod.id()));
    }

    @Override
    public PodInfo start(String ref) {
        StoredPod pod = records.findPod(ref);
        return locks.with(pod.id(), () -> {
            StoredContainer pause = pauseOf(pod);
            records.setStoppedByUser(pause.id(), false);
            lifecycle.start(pause);
            List<String> failed = new ArrayList<>();
            for (StoredContainer m : records.members(pod.id())) {
                records.setStoppedByUser(m.id(), false);
                try {
                    lifecycle.start(records.container(m.id()).orElse(m));
                } catch (LegendsException e) {
                    failed.add(m.name() + ": " + e.getMessage());
                }
            }
            events.pod(pod, "started");
            if (!failed.isEmpty()) {
                throw LegendsException.unavailable("pod start " + pod.name() + ": " + String.join("; ", failed));
            }
            return info(pod);
        });
    }

    @Override
    public PodInfo stop(String ref, Duration grace) {
        StoredPod pod = records.findPod(ref);
        Duration g = grace == null ? Containers.DEFAULT_GRACE : grace;
        return locks.with(pod.id(), () -> {
            stopAll(records.members(pod.id()), g);
            stopAll(List.of(pauseOf(pod)), g);
            events.pod(pod, "stopped");
            return info(pod);
        });
    }

    /** Stops containers side by side, so that a pod's stop takes one grace period, not one per member. */
    private void stopAll(List<StoredContainer> containers, Duration grace) {
        List<Future<?>> stops = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (StoredContainer c : containers) {
                records.setStoppedByUser(c.id(), true);
                if (lifecycle.state(c.id()).map(Container::isRunning).orElse(false)) {
                    stops.add(pool.submit(() -> {
                        runtime.stop(c.id(), c.config().stopSignal(), grace);
                        events.container(c, "stopped (pod stop)");
                    }));
                }
            }
        }
        for (Future<?> f : stops) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof LegendsException le ? le : LegendsException.internal("pod stop: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LegendsException.unavailable("pod stop: interrupted");
            }
        }
    }

    @Override
    public void remove(String ref, boolean force) {
        StoredPod pod = records.findPod(ref);
        locks.run(pod.id(), () -> {
            List<StoredContainer> members = records.members(pod.id());
            List<String> running = members.stream()
                    .filter(m -> lifecycle.state(m.id()).map(Container::isRunning).orElse(false)).map(StoredContainer::name).toList();
            if (!running.isEmpty() && !force) {
                throw LegendsException.precondition("pod rm " + pod.name() + ": containers " + String.join(", ", running)
                        + " are running: stop the pod first or force the removal (pod rm -f)");
            }
            for (StoredContainer m : members) {
                records.setStoppedByUser(m.id(), true);
                locks.run(m.id(), () -> lifecycle.remove(m, true));
            }
            Optional<StoredContainer> pause = records.container(pod.pauseId());
            pause.ifPresent(p -> lifecycle.remove(p, true));
            records.tx(tx -> {
                records.deletePod(tx, pod.id());
                events.pod(tx, pod, "removed");
                return null;
            });
        });
        locks.forget(pod.id());
    }

    private StoredContainer pauseOf(StoredPod pod) {
        return records.container(pod.pauseId())
                .orElseThrow(() -> LegendsException.notFound("pod " + pod.name() + " has lost its pause container: remove the pod"));
    }

    private PodInfo info(StoredPod pod) {
        return info(pod, lifecycle::state);
    }

    private PodInfo info(StoredPod pod, Function<String, Optional<Container>> live) {
        List<StoredContainer> members = records.members(pod.id());
        boolean pauseUp = live.apply(pod.pauseId()).map(Container::isRunning).orElse(false);
        boolean allUp = members.stream().allMatch(m -> live.apply(m.id()).map(Container::isRunning).orElse(false));
        PodState state = !pauseUp ? PodState.EXITED : allUp ? PodState.RUNNING : PodState.DEGRADED;
        return new PodInfo(pod.id(), pod.name(), pod.hostname(), pod.sharePid(), pod.created(), state, pod.pauseId(),
                members.stream().map(StoredContainer::id).toList(),
                lifecycle.net().attachments(pod.id()).stream().map(dev.legends.network.Attachment::ip).toList());
    }
}
