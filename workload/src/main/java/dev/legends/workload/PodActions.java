package dev.legends.workload;

import dev.legends.core.LegendsException;
import dev.legends.pod.ContainerInfo;
import dev.legends.pod.Engine;
import dev.legends.pod.PodInfo;
import dev.legends.pod.RunResult;
import dev.legends.pod.RunSpec;
import dev.legends.workload.manifest.AppManifest;
import dev.legends.workload.manifest.PodTemplate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the replica controller does to pods: create a pod and run its app container, start an
 * exited container again, kill one that failed its liveness probe, remove a pod. A pass runs its
 * actions side by side on virtual threads, each on its own pod; failures go into the slot (with
 * its back-off) and the app's events, never out of the pass.
 */
final class PodActions {
    private static final Logger log = LoggerFactory.getLogger(PodActions.class);
    static final Duration WORK_TIMEOUT = Duration.ofMinutes(2);

    private final AppStore store;
    private final Engine engine;
    private final WorkloadConfig config;
    private final Clock clock;

    PodActions(AppStore store, Engine engine, WorkloadConfig config, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.config = config;
        this.clock = clock;
    }


    Void createPod(PodNames n, PodTemplate t, AppManifest.Network network, Slot s) {
        try {
            engine.pods().create(PodSpecs.of(n.pod(), network));
            store.store().events().append("app", n.app(), "created pod " + n.pod() + " (revision " + n.revision() + ")");
        } catch (LegendsException e) {
            s.failed(null, clock.instant(), config, "pod create failed: " + e.getMessage());
            log.warn("app {}: {}", n.app(), s.message);
            return null;
        }
        return runApp(n, t, s);
    }

    Void runApp(PodNames n, PodTemplate t, Slot s) {
        try {
            RunResult r = engine.containers().run(runSpec(n, t), progress -> { });
            if (!r.started()) {
                s.failed(null, clock.instant(), config, "the app container did not start (exit " + r.exitCode() + "): " + r.error());
                store.store().events().append("app", n.app(), n.pod() + ": " + s.message);
            } else {
                s.message = null;
            }
        } catch (LegendsException e) {
            s.failed(null, clock.instant(), config, "run failed: " + e.getMessage());
            store.store().events().append("app", n.app(), n.pod() + ": " + s.message);
        }
        return null;
    }

    Void restartApp(ContainerInfo c, Slot s) {
        try {
            engine.containers().start(c.id());
            s.restarts++;
            s.message = null;
            PodNames.parse(c.podName() == null ? "" : c.podName()).ifPresent(n -> {
                store.setRestarts(n.app(), n.pod(), s.restarts);
                store.store().events().append("app", n.app(), "restarted the app container of " + n.pod() + " (restart " + s.restarts + ")");
            });
        } catch (LegendsException e) {
            s.failed(null, clock.instant(), config, "restart failed: " + e.getMessage());
        }
        return null;
    }

    Void killApp(ContainerInfo c, Slot s) {
        try {
            engine.containers().kill(c.id(), "KILL");
        } catch (LegendsException e) {
            log.debug("kill {}: {}", c.name(), e.getMessage());
        }
        return null;
    }

    /** A pod whose pause container died: removed, and made again in its slot, which keeps its restart count. */
    Void replacePod(PodInfo p) {
        return removePod(p, "pause container exited: replacing the pod", false);
    }

    Void removePod(PodInfo p, String why) {
        return removePod(p, why, true);
    }

    Void removePod(PodInfo p, String why, boolean forget) {
        try {
            engine.pods().remove(p.id(), true);
            if (forget) {
                store.forgetInstance(p.name());
            }
            PodNames.parse(p.name()).ifPresent(n -> store.store().events().append("app", n.app(), "removed pod " + p.name() + " (" + why + ")"));
        } catch (LegendsException e) {
            if (e.kind() != dev.legends.core.ErrorKind.NOT_FOUND) {
                log.warn("remove pod {}: {}", p.name(), e.getMessage());
            }
        }
        return null;
    }

    static RunSpec runSpec(PodNames n, PodTemplate t) {
        RunSpec.Builder b = RunSpec.builder(t.image(), t.args().toArray(String[]::new)).name(n.container()).pod(n.pod()).restart("no");
        if (!t.command().isEmpty()) {
            b.entrypoint(t.command().toArray(String[]::new));
        }
        t.env().forEach(e -> b.env(e.name() + "=" + e.value()));
        t.volumes().forEach(v -> b.volume(volumeName(n, v) + ":" + v.mountPath() + (v.readOnly() ? ":ro" : "")));
        if (t.resources().cpuMillis() > 0) {
            b.cpus(t.resources().cpuMillis() / 1000.0);
        }
        if (t.resources().memoryBytes() > 0) {
            b.memory(t.resources().memoryBytes());
        }
        return b.build();
    }

    /** The engine volume of an instance's {@code v}: per app and ordinal, shared by the ordinal's pods of every revision. */
    static String volumeName(PodNames n, PodTemplate.Volume v) {
        return n.app() + "-" + v.name() + "-" + n.ordinal();
    }

    static void runAll(List<Callable<Void>> work) {
        if (work.isEmpty()) {
            return;
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> fs = work.stream().map(pool::submit).toList();
            for (Future<Void> f : fs) {
                try {
                    f.get(WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    log.warn("replica controller action failed: {}", e.getCause().getMessage(), e.getCause());
                } catch (TimeoutException e) {
                    log.warn("replica controller action took longer than {}", WORK_TIMEOUT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
