package dev.legends.workload;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.pod.Engine;
import dev.legends.runtime.LogLine;
import dev.legends.store.Event;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import dev.legends.workload.manifest.AppManifest;
import dev.legends.workload.manifest.Manifests;
import dev.legends.workload.port.AppCatalog;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.TrafficRouter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Apps on the local engine: apply manifests, keep revisions, scale, autoscale, remove. Opening it
 * starts the replica controller (which adopts the pods that kept running while no daemon was
 * there), the prober and the autoscaler loop; closing stops them and leaves the pods running.
 */
public final class Workloads implements AutoCloseable {
    /** The workload layer's tables: open the store with it (and {@link Engine#SCHEMA}). */
    public static final Schema SCHEMA = AppStore.SCHEMA;

    /**
     * What happens when an apply makes a new revision, for the release layer to take over. Without
     * one, the new revision becomes stable at once and the old revisions' pods are removed.
     */
    public interface RevisionHandler {
        void newRevision(String app, int stableRevision, int newRevision);
    }

    private final AppStore store;
    private final Engine engine;
    private volatile TrafficRouter router;
    private volatile MetricsSource metrics;
    private final ReplicaController controller;
    private final Prober prober;
    private final Autoscaler autoscaler;
    private final LocalPlatform platform;
    private final StoreCatalog catalog;
    private final AutoCloseable engineEvents;
    private volatile RevisionHandler revisionHandler;

    private Workloads(AppStore store, Engine engine, TrafficRouter router, ReplicaController controller, Prober prober,
                      Autoscaler autoscaler, AutoCloseable engineEvents) {
        this.store = store;
        this.engine = engine;
        this.router = router;
        this.controller = controller;
        this.prober = prober;
        this.autoscaler = autoscaler;
        this.engineEvents = engineEvents;
        this.platform = new LocalPlatform(store, controller);
        this.catalog = new StoreCatalog(store);
    }

    /**
     * @param store   opened with {@link #SCHEMA} and {@link Engine#SCHEMA}
     * @param router  where an app's route goes when it is first applied
     * @param metrics requests per second for autoscalers that target it; null: none
     */
    public static Workloads open(Store store, Engine engine, TrafficRouter router, MetricsSource metrics, WorkloadConfig config) {
        Clock clock = Clock.systemUTC();
        AppStore apps = new AppStore(store);
        ReplicaController[] ref = new ReplicaController[1];
        Prober prober = new Prober(new ProbeRunner(engine.containers()), id -> ref[0].kick(), clock);
        ReplicaController controller = new ReplicaController(apps, engine, prober, config, clock);
        ref[0] = controller;
        Workloads[] self = new Workloads[1];
        Autoscaler autoscaler = new Autoscaler(apps, controller, new CpuMeter(engine.containers()), () -> self[0].metrics,
                (app, n, why) -> self[0].scaleByAutoscaler(app, n, why), config, clock);
        // the engine's container and pod events (exits above all) start a pass at once
        AutoCloseable sub = store.events().subscribe(e -> {
            if (e.kind().equals("container") || e.kind().equals("pod")) {
                controller.kick();
            }
        });
        Workloads w = new Workloads(apps, engine, router, controller, prober, autoscaler, sub);
        w.metrics = metrics;
        self[0] = w;
        prober.start();
        controller.start();
        autoscaler.start();
        return w;
    }

    public Platform platform() {
        return platform;
    }

    public AppCatalog catalog() {
        return catalog;
    }

    /**
     * Replaces the router given to {@link #open}: an adapter that needs {@link #platform()} (the
     * gateway's, which sends traffic to ready instances) can only be made after this is open.
     */
    public void setTrafficRouter(TrafficRouter router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    /** Replaces the metrics source given to {@link #open} (requests per second for autoscalers). */
    public void setMetricsSource(MetricsSource metrics) {
        this.metrics = metrics;
    }

    public void setRevisionHandler(RevisionHandler handler) {
        this.revisionHandler = handler;
    }

    /** {@code listener} hears the name of an app whose instances (or their readiness) changed. Close to stop. */
    public AutoCloseable onInstancesChanged(Consumer<String> listener) {
        return controller.onInstancesChanged(listener);
    }

    /** Applies a manifest (YAML or JSON text). */
    public Views.Applied apply(String manifest) {
        return apply(Manifests.parse(manifest));
    }

    public synchronized Views.Applied apply(AppManifest m) {
        String name = m.name();
        String hash = AppStore.hash(m.template());
        Optional<AppStore.AppRow> before = store.app(name);
        RevisionHandler handler = revisionHandler;
        Views.Applied applied = store.tx(tx -> {
            Optional<AppStore.AppRow> existing = store.app(tx, name);
            if (existing.isEmpty()) {
                store.insertApp(tx, m, 1);
                AppStore.RevisionRow r = store.insertRevision(tx, name, m.template(), m.changeCause());
                store.setDesired(tx, name, r.number(), m.replicas());
                store.store().events().append(tx, "app", name, "created: revision 1 (" + m.changeCause() + "), " + m.replicas() + " replicas");
                return new Views.Applied(name, "created", r.number(), true);
            }
            AppStore.AppRow a = existing.get();
            AppStore.RevisionRow stable = store.revision(tx, name, a.stable()).orElseThrow();
            boolean settingsChanged = !Json.compact(a.manifest()).equals(Json.compact(m));
            if (hash.equals(stable.hash())) {
                if (!settingsChanged) {
                    return new Views.Applied(name, "unchanged", stable.number(), false);
                }
                store.updateApp(tx, m);
                if (a.replicas() != m.replicas()) {
                    store.setDesired(tx, name, stable.number(), m.replicas());
                    store.store().events().append(tx, "app", name, "scaled from " + a.replicas() + " to " + m.replicas() + " replicas (apply)");
                }
                return new Views.Applied(name, "configured", stable.number(), false);
            }
            Optional<AppStore.RevisionRow> same = store.revisionByHash(tx, name, hash);
            AppStore.RevisionRow target = same.orElseGet(() -> store.insertRevision(tx, name, m.template(), m.changeCause()));
            store.updateApp(tx, m);
            store.store().events().append(tx, "app", name, (same.isPresent() ? "back to revision " : "new revision ")
                    + target.number() + " (" + target.changeCause() + ")");
            if (handler == null) {
                // no release layer: the new revision takes over at once
                store.setStable(tx, name, target.number());
                for (AppStore.Desired d : store.desired(tx, name)) {
                    if (d.revision() != target.number()) {
                        store.forgetDesired(tx, name, d.revision());
                    }
                }
                store.setDesired(tx, name, target.number(), m.replicas());
            }
            return new Views.Applied(name, "configured", target.number(), same.isEmpty());
        });
        if (handler != null && !applied.action().equals("unchanged") && before.isPresent() && applied.revision() != before.get().stable()) {
            handler.newRevision(name, before.get().stable(), applied.revision());
        }
        AppManifest.Route route = m.route();
        AppManifest.Route oldRoute = before.map(b -> b.manifest().route()).orElse(null);
        if (route != null && !route.equals(oldRoute)) {
            int stable = store.app(name).map(AppStore.AppRow::stable).orElse(applied.revision());
            router.apply(AppRoute.single(name, route.host(), route.path(), "stable", stable));
        } else if (route == null && oldRoute != null) {
            router.remove(name);
        }
        controller.kick();
        return applied;
    }

    public List<Views.AppRow> list() {
        return store.apps().stream().map(this::row).toList();
    }

    public Views.AppRow get(String app) {
        return row(store.app(app).orElseThrow(() -> LegendsException.notFound("app " + app + " not found")));
    }

    private Views.AppRow row(AppStore.AppRow a) {
        List<Instance> is = controller.instances(a.name());
        int ready = (int) is.stream().filter(i -> i.revision() == a.stable() && i.ready()).count();
        int current = (int) is.stream().filter(i -> i.phase() != Instance.Phase.TERMINATING).count();
        String image = store.tx(tx -> store.revision(tx, a.name(), a.stable())).map(r -> r.template().image()).orElse(null);
        boolean autoscaled = store.tx(tx -> store.autoscaler(tx, a.name())).isPresent();
        AppManifest.Route r = a.manifest().route();
        return new Views.AppRow(a.name(), image, a.replicas(), ready, current, a.stable(), a.latest(), r == null ? null : r.host(),
                r == null ? null : r.path(), autoscaled, a.created());
    }

    public Views.Description describe(String app) {
        Views.AppRow row = get(app);
        AppManifest manifest = store.app(app).orElseThrow().manifest();
        List<Event> events = store.store().events().tail(2000).stream()
                .filter(e -> e.kind().equals("app") && e.object().equals(app)).toList();
        events = events.subList(Math.max(0, events.size() - 20), events.size());
        return new Views.Description(row, manifest, history(app), controller.observed(app), autoscaling(app), events);
    }

    private Views.Autoscaling autoscaling(String app) {
        return store.tx(tx -> store.autoscaler(tx, app)).map(spec -> {
            Autoscaler.Status s = autoscaler.status(app);
            return s == null ? new Views.Autoscaling(spec, null, null, null, "no decision yet", java.util.Map.of())
                    : new Views.Autoscaling(spec, s.at(), s.current(), s.desired(), s.reason(), s.metrics());
        }).orElse(null);
    }

    public List<Views.Revision> history(String app) {
        return store.tx(tx -> {
            AppStore.AppRow a = store.requireApp(tx, app);
            List<Views.Revision> out = new ArrayList<>();
            for (AppStore.RevisionRow r : store.revisions(tx, app)) {
                out.add(new Views.Revision(r.number(), r.template().image(), r.changeCause(), r.created(), r.number() == a.stable(),
                        store.desired(tx, app, r.number()).orElse(0), r.hash()));
            }
            return out;
        });
    }

    /** Sets the app's replica count: the desired count of its stable revision. */
    public synchronized Views.AppRow scale(String app, int replicas) {
        if (replicas < 0 || replicas > 100) {
            throw LegendsException.invalid("scale " + app + ": replicas must be within 0..100");
        }
        setReplicas(app, replicas, "scaled by hand");
        return get(app);
    }

    synchronized void scaleByAutoscaler(String app, int replicas, String why) {
        try {
            setReplicas(app, replicas, "autoscaler: " + why);
        } catch (LegendsException e) {
            // removed meanwhile
        }
    }

    private void setReplicas(String app, int replicas, String why) {
        store.tx(tx -> {
            AppStore.AppRow a = store.requireApp(tx, app);
            if (a.replicas() == replicas && store.desired(tx, app, a.stable()).orElse(-1) == replicas) {
                return null;
            }
            store.setReplicas(tx, app, replicas);
            store.setDesired(tx, app, a.stable(), replicas);
            AppManifest m = a.manifest();
            store.updateApp(tx, new AppManifest(m.name(), m.annotations(), m.template(), replicas, m.network(), m.route(), m.strategy()));
            store.store().events().append(tx, "app", app, "scaled from " + a.replicas() + " to " + replicas + " replicas (" + why + ")");
            return null;
        });
        controller.kick();
    }

    /** Removes the app: its pods (now), its revisions, its autoscaler and its route. */
    public synchronized void remove(String app) {
        store.tx(tx -> {
            store.requireApp(tx, app);
            for (AppStore.Desired d : store.desired(tx, app)) {
                store.forgetDesired(tx, app, d.revision());
            }
            return null;
        });
        controller.removePods(app);
        store.tx(tx -> {
            store.deleteApp(tx, app);
            store.store().events().append(tx, "app", app, "removed");
            return null;
        });
        controller.removePods(app); // drops what was observed of it
        try {
            router.remove(app);
        } catch (LegendsException e) {
            // the route was never applied
        }
    }

    /** The app container's log of each instance, the last {@code tail} lines of each (0: all). */
    public List<Views.InstanceLog> logs(String app, int tail) {
        get(app);
        List<Views.InstanceLog> out = new ArrayList<>();
        for (Observed o : controller.observed(app)) {
            if (o.containerId() == null) {
                continue;
            }
            List<LogLine> lines;
            try {
                lines = engine.containers().logs(o.containerId());
            } catch (LegendsException e) {
                continue; // removed meanwhile
            }
            if (tail > 0 && lines.size() > tail) {
                lines = lines.subList(lines.size() - tail, lines.size());
            }
            out.add(new Views.InstanceLog(o.instance().name(), o.instance().revision(), lines));
        }
        return out;
    }

    /** Creates or replaces the app's autoscaler. */
    public Views.Autoscaling autoscale(AutoscalerSpec spec) {
        Objects.requireNonNull(spec.app(), "app");
        spec.validate();
        store.tx(tx -> {
            AppStore.AppRow a = store.requireApp(tx, spec.app());
            if (spec.cpuPercent() != null && store.revision(tx, a.name(), a.stable()).orElseThrow().template().resources().cpuMillis() == 0) {
                throw LegendsException.invalid("autoscale " + spec.app() + ": --cpu-percent needs a CPU limit (spec.resources.cpu) to be a percentage of");
            }
            store.putAutoscaler(tx, spec);
            store.store().events().append(tx, "app", spec.app(), "autoscaler: " + spec.minReplicas() + ".." + spec.maxReplicas()
                    + (spec.cpuPercent() == null ? "" : ", cpu " + spec.cpuPercent() + "%")
                    + (spec.requestsPerSecond() == null ? "" : ", " + spec.requestsPerSecond() + " requests/s per pod"));
            return null;
        });
        return autoscaling(spec.app());
    }

    public void removeAutoscaler(String app) {
        boolean removed = store.tx(tx -> {
            store.requireApp(tx, app);
            return store.deleteAutoscaler(tx, app);
        });
        if (!removed) {
            throw LegendsException.notFound("app " + app + " has no autoscaler");
        }
    }

    @Override
    public void close() {
        try {
            engineEvents.close();
        } catch (Exception e) {
            // a listener list cannot fail to shrink
        }
        autoscaler.close();
        controller.close();
        prober.close();
    }
}
