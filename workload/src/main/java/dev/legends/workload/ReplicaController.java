package dev.legends.workload;

import dev.legends.core.LegendsException;
import dev.legends.pod.ContainerInfo;
import dev.legends.pod.Engine;
import dev.legends.pod.PodInfo;
import dev.legends.pod.PodState;
import dev.legends.workload.manifest.AppManifest;
import dev.legends.workload.manifest.PodTemplate;
import dev.legends.workload.port.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica controller: level-triggered, on one thread. Each pass reads the desired replicas per
 * (app, revision) from the store and the pods from the engine, and closes the gap: slot i of N is
 * created when missing and removed when i >= N; an app container that exited is started again
 * after its back-off; one that failed liveness is killed (and so started again); a pod whose
 * pause container is gone is replaced. Passes run on every engine event, probe change and
 * request, and every {@link WorkloadConfig#resync()} besides, so a missed event only delays.
 * Because pods are found by name, a controller that starts over (a daemon restart) adopts the
 * pods that run and never makes a second pod for a slot.
 */
final class ReplicaController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaController.class);
    private static final Duration WORK_TIMEOUT = PodActions.WORK_TIMEOUT;

    private record Key(String app, int revision) {}

    private record Live(PodInfo pod, PodNames names, ContainerInfo container, PodTemplate template, int port, Slot slot) {}

    private final AppStore store;
    private final Engine engine;
    private final Prober prober;
    private final PodActions actions;
    private final WorkloadConfig config;
    private final Clock clock;
    private final List<Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Slot> slots = new HashMap<>();
    private final Map<Key, PodTemplate> templates = new ConcurrentHashMap<>();
    private final AtomicBoolean kicked = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "workload-controller");
        t.setDaemon(true);
        return t;
    });
    private volatile Map<String, List<Observed>> observed = Map.of();
    /** Whether the last pass found an app; until a first pass has run, assumed. */
    private volatile boolean anyApps = true;
    /** Restart counts recorded by an earlier controller; read on the first pass. */
    private Map<String, Integer> recordedRestarts;

    ReplicaController(AppStore store, Engine engine, Prober prober, WorkloadConfig config, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.prober = prober;
        this.actions = new PodActions(store, engine, config, clock);
        this.config = config;
        this.clock = clock;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::pass, 0, config.resync().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon; many asks before it runs make one pass. */
    void kick() {
        if (kicked.compareAndSet(false, true)) {
            try {
                thread.execute(this::pass);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed
            }
        }
    }

    /**
     * A pass for an engine event (a container or pod changed), if there are apps: with none, every
     * container and pod is a user's, and each of their runs would start passes for nothing.
     */
    void kickForEngineEvent() {
        if (anyApps) {
            kick();
        }
    }

    AutoCloseable onInstancesChanged(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    List<Observed> observed(String app) {
        return observed.getOrDefault(app, List.of());
    }

    List<Instance> instances(String app) {
        return observed(app).stream().map(Observed::instance).toList();
    }

    /** Runs {@code work} on the controller's thread, between passes, and waits for it. */
    <T> T call(Callable<T> work) {
        Future<T> f = thread.submit(work);
        try {
            return f.get(WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : LegendsException.internal(String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw LegendsException.unavailable("the replica controller did not answer within " + WORK_TIMEOUT.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("interrupted");
        }
    }

    /** Removes every pod of {@code app}, now, on the controller's thread (app rm). */
    void removePods(String app) {
        call(() -> {
            List<Callable<Void>> work = new ArrayList<>();
            for (PodInfo p : engine.pods().list()) {
                PodNames.parse(p.name()).filter(n -> n.app().equals(app)).ifPresent(n -> work.add(() -> actions.removePod(p, "app removed")));
            }
            PodActions.runAll(work);
            publish();
            return null;
        });
    }

    private void pass() {
        kicked.set(false);
        try {
            if (reconcile()) {
                // look again soon: what was just done is observed state now (not at once: a failing
                // action must not spin)
                thread.schedule(this::kick, 200, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            log.warn("replica controller pass failed: {}", e.getMessage(), e);
        }
    }

    /** One pass; true if it changed something. */
    private boolean reconcile() {
        Instant now = clock.instant();
        if (recordedRestarts == null) {
            recordedRestarts = store.restarts();
        }
        Map<String, AppStore.AppRow> apps = new HashMap<>();
        store.apps().forEach(a -> apps.put(a.name(), a));
        Map<Key, Integer> desired = new HashMap<>();
        for (AppStore.Desired d : store.desired()) {
            desired.put(new Key(d.app(), d.revision()), d.replicas());
        }
        // with no app, every container and pod is a user's: listing them (a runc list each) would only
        // compete with that user's runs for the CPU, since each of their events asks for a pass
        boolean anyApp = !apps.isEmpty();
        anyApps = anyApp;
        Map<String, ContainerInfo> containers = new HashMap<>();
        for (ContainerInfo c : anyApp ? engine.containers().list(true) : List.<ContainerInfo>of()) {
            if (!c.pause()) {
                containers.put(c.name(), c);
            }
        }
        List<Callable<Void>> work = new ArrayList<>();
        List<Live> live = new ArrayList<>();
        Map<String, List<Observed>> next = new HashMap<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        for (PodInfo p : anyApp ? engine.pods().list() : List.<PodInfo>of()) {
            PodNames n = PodNames.parse(p.name()).orElse(null);
            if (n == null || !apps.containsKey(n.app())) {
                continue; // not ours: a user's pod, or an app being removed (app rm removes those itself)
            }
            present.add(p.name());
            AppStore.AppRow app = apps.get(n.app());
            int want = desired.getOrDefault(new Key(n.app(), n.revision()), 0);
            PodTemplate t = template(n.app(), n.revision());
            int port = port(app.manifest(), t);
            Slot s = slots.computeIfAbsent(p.name(), this::slot);
            ContainerInfo c = containers.get(n.container());
            if (n.ordinal() >= want || t == null) {
                work.add(() -> actions.removePod(p, "scaled down"));
                add(next, n, p, c, port, Instance.Phase.TERMINATING, false, s, null, "scaled down");
                continue;
            }
            if (p.state() == PodState.EXITED) {
                s.failed(null, now, config, "the pod's pause container exited");
                work.add(() -> actions.replacePod(p));
                add(next, n, p, c, port, Instance.Phase.FAILED, false, s, null, s.message);
                continue;
            }
            if (c == null) {
                if (s.due(now)) {
                    work.add(() -> actions.runApp(n, t, s));
                }
                add(next, n, p, null, port, s.message == null ? Instance.Phase.PENDING : Instance.Phase.FAILED, false, s, null, s.message);
                continue;
            }
            if (!c.running()) {
                Duration ran = c.startedAt() != null && c.finishedAt() != null ? Duration.between(c.startedAt(), c.finishedAt()) : null;
                String why = s.message != null && s.message.startsWith("liveness") ? s.message
                        : "exited with code " + c.exitCode() + (c.oomKilled() ? " (OOM killed)" : "");
                s.exited(c.finishedAt(), ran, now, config, why);
                if (s.due(now)) {
                    work.add(() -> actions.restartApp(c, s));
                } else {
                    why = s.message + "; back-off until " + s.notBefore();
                }
                add(next, n, p, c, port, Instance.Phase.FAILED, false, s, null, why);
                continue;
            }
            live.add(new Live(p, n, c, t, port, s));
        }
        prober.sync(live.stream().map(l -> new ProbeTarget(l.container().id(), l.pod().name(), PodAddress.of(l.pod()),
                l.template(), l.container().startedAt() == null ? now : l.container().startedAt())).toList());
        for (Live l : live) {
            Prober.Status ps = prober.status(l.container().id());
            Slot s = l.slot();
            if (ps.restart()) {
                s.message = ps.lastFailure() + ": restarting the container";
                s.readySince = null;
                work.add(() -> actions.killApp(l.container(), s));
                add(next, l.names(), l.pod(), l.container(), l.port(), Instance.Phase.RUNNING, false, s, null, s.message);
                continue;
            }
            if (ps.ready() && s.readySince == null) {
                s.readySince = now;
            } else if (!ps.ready()) {
                s.readySince = null;
            }
            String msg = ps.ready() ? null : !ps.started() ? "waiting for the startup probe" : ps.lastFailure() == null
                    ? "waiting for the readiness probe" : ps.lastFailure();
            add(next, l.names(), l.pod(), l.container(), l.port(), Instance.Phase.RUNNING, ps.ready(), s, s.readySince, msg);
        }
        desired.forEach((key, replicas) -> {
            if (!apps.containsKey(key.app())) {
                return;
            }
            PodTemplate t = template(key.app(), key.revision());
            for (int i = 0; i < replicas && t != null; i++) {
                PodNames n = new PodNames(key.app(), key.revision(), i);
                if (present.contains(n.pod())) {
                    continue;
                }
                Slot s = slots.computeIfAbsent(n.pod(), this::slot);
                if (s.due(now)) {
                    AppManifest.Network net = apps.get(key.app()).manifest().network();
                    work.add(() -> actions.createPod(n, t, net, s));
                }
            }
        });
        slots.keySet().removeIf(name -> PodNames.parse(name).map(n -> !apps.containsKey(n.app())
                || n.ordinal() >= desired.getOrDefault(new Key(n.app(), n.revision()), 0)).orElse(true));
        observed = sorted(next);
        PodActions.runAll(work);
        notifyChanged(next);
        return !work.isEmpty();
    }

    private Slot slot(String pod) {
        Slot s = new Slot();
        s.restarts = recordedRestarts.getOrDefault(pod, 0);
        return s;
    }

    private Map<String, List<Observed>> lastNotified = Map.of();

    private void notifyChanged(Map<String, List<Observed>> next) {
        Map<String, List<Instance>> now = new HashMap<>();
        next.forEach((app, list) -> now.put(app, list.stream().map(Observed::instance).toList()));
        Map<String, List<Instance>> before = new HashMap<>();
        lastNotified.forEach((app, list) -> before.put(app, list.stream().map(Observed::instance).toList()));
        java.util.Set<String> apps = new java.util.TreeSet<>(now.keySet());
        apps.addAll(before.keySet());
        lastNotified = next;
        for (String app : apps) {
            if (!Objects.equals(now.get(app), before.get(app))) {
                for (Consumer<String> l : listeners) {
                    try {
                        l.accept(app);
                    } catch (RuntimeException e) {
                        log.warn("instance listener failed for {}: {}", app, e.getMessage(), e);
                    }
                }
            }
        }
    }

    private void publish() {
        // after app rm: drop what was observed of apps that are gone
        Map<String, List<Observed>> next = new HashMap<>(observed);
        next.keySet().retainAll(store.apps().stream().map(AppStore.AppRow::name).toList());
        observed = next;
        notifyChanged(next);
    }

    private static Map<String, List<Observed>> sorted(Map<String, List<Observed>> m) {
        Map<String, List<Observed>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.stream().sorted(java.util.Comparator.comparingInt((Observed o) -> o.instance().revision())
                .thenComparing(o -> o.instance().name())).toList()));
        return Map.copyOf(out);
    }

    private void add(Map<String, List<Observed>> next, PodNames n, PodInfo p, ContainerInfo c, int port, Instance.Phase phase,
                     boolean ready, Slot s, Instant readySince, String message) {
        Instant started = c == null ? null : c.startedAt();
        Instance i = new Instance(n.app(), n.revision(), p.name(), PodAddress.of(p), port, phase, ready, s.restarts, started);
        next.computeIfAbsent(n.app(), k -> new ArrayList<>()).add(new Observed(i, p.id(), c == null ? null : c.id(), readySince, message));
    }

    private PodTemplate template(String app, int revision) {
        Key k = new Key(app, revision);
        PodTemplate t = templates.get(k);
        if (t == null) {
            // revisions are immutable: once read, a template never changes
            t = store.tx(tx -> store.revision(tx, app, revision)).map(AppStore.RevisionRow::template).orElse(null);
            if (t != null) {
                templates.put(k, t);
            }
        }
        return t;
    }

    static int port(AppManifest m, PodTemplate t) {
        return m.route() != null ? m.route().port() : t == null ? 0 : t.firstPort();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
