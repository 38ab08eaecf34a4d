package dev.legends.pod;

import dev.legends.runtime.Container;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.runtime.ContainerStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live restore, when the engine opens: the runtime still knows every container (its monitors
 * kept running), so running ones are simply adopted; what is reconciled is the rest. Runtime
 * containers, snapshots, mounts and directories that no record owns (a daemon killed in the middle
 * of a run or rm) are removed; containers the daemon must bring back are returned: {@code always}
 * ones even if their user stopped them (as docker does on a daemon restart), and
 * {@code always}/{@code unless-stopped} ones whose runtime state was lost with a reboot. Exits
 * that happened meanwhile are the supervisor's first scan.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Records records;
    private final ContainerRuntime runtime;
    private final Rootfs rootfs;

    Reconciler(Records records, ContainerRuntime runtime, Rootfs rootfs) {
        this.records = records;
        this.runtime = runtime;
        this.rootfs = rootfs;
    }

    /** Cleans what no record owns and returns the containers to start again. */
    List<StoredContainer> reconcile() {
        List<StoredContainer> stored = records.containers();
        Set<String> known = stored.stream().map(StoredContainer::id).collect(Collectors.toCollection(HashSet::new));
        Map<String, Container> live = runtime.list().stream().collect(Collectors.toMap(Container::id, Function.identity()));
        removeOrphans(known, live);

        List<StoredContainer> toStart = new ArrayList<>();
        int running = 0;
        for (StoredContainer c : stored) {
            Container rt = live.get(c.id());
            if (rt != null && rt.isRunning()) {
                running++;
                continue;
            }
            boolean exited = rt == null || rt.status() instanceof ContainerStatus.Exited;
            RestartPolicy.Mode mode = c.restart().mode();
            if (exited && mode == RestartPolicy.Mode.ALWAYS && c.stoppedByUser()) {
                records.setStoppedByUser(c.id(), false);
                toStart.add(c);
            } else if (rt == null && !c.stoppedByUser() && (mode == RestartPolicy.Mode.ALWAYS || mode == RestartPolicy.Mode.UNLESS_STOPPED)) {
                toStart.add(c);
            }
        }
        LOG.info("live restore: {} containers recorded, {} running adopted, {} to start again", stored.size(), running, toStart.size());
        return toStart;
    }

    private void removeOrphans(Set<String> known, Map<String, Container> live) {
        Set<String> orphans = new HashSet<>();
        live.keySet().stream().filter(id -> !known.contains(id)).forEach(orphans::add);
        rootfs.snapshotIds().stream().filter(id -> !known.contains(id)).forEach(orphans::add);
        try (Stream<Path> dirs = Files.list(rootfs.containersDir())) {
            dirs.map(d -> d.getFileName().toString()).filter(id -> !known.contains(id)).forEach(orphans::add);
        } catch (IOException e) {
            // no containers directory yet
        }
        for (String id : orphans) {
            LOG.warn("live restore: removing container {}, which has no record (a run or rm was cut short)", id);
            try {
                if (live.containsKey(id)) {
                    runtime.delete(id, true);
                }
                rootfs.remove(id);
            } catch (RuntimeException e) {
                LOG.warn("live restore: could not remove {}: {}", id, e.getMessage());
            }
        }
    }
}
