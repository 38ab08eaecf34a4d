package dev.legends.workload;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.pod.Engine;
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
import dev.legends.workload.port.RevisionRef;
import dev.legends.workload.port.TrafficRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Apps: apply manifests, keep revisions, scale, autoscale, remove. Apps, revisions and routes live
 * in the store; replica counts go to the {@link AppRunner}'s Platform, which runs the instances:
 * the local engine ({@link #open(Store, Engine, TrafficRouter, MetricsSource, WorkloadConfig)},
 * whose replica controller adopts the pods that kept running while no daemon was there) or an
 * orchestrator ({@link #over}). Closing stops watching and leaves the instances running.
 */
public final class Workloads implements AutoCloseable {
    /** The workload layer's tables: open the store with it (and {@link Engine#SCHEMA} for the local engine). */
    public static final Schema SCHEMA = AppStore.SCHEMA;

    /**
     * What happens when an apply makes a new revision, for the release layer to take over. Without
     * one, the new revision becomes stable at once and the old revisions' instances are removed.
     */
    public interface RevisionHandler {
        void newRevision(String app, int stableRevision, int newRevision);
    }

    private final AppStore store;
    private volatile TrafficRouter router;
    private volatile MetricsSource metrics;
    private volatile AppRunner runner;
    private final StoreCatalog catalog;
    private volatile RevisionHandler revisionHandler;

    private Workloads(AppStore store, TrafficRouter router) {
        this.store = store;
        this.router = router;
        this.catalog = new StoreCatalog(store, this::stableChanged);
    }

    /**
     * Apps on the local engine: starts the replica controller, the prober and the autoscaler loop.
     *
     * @param store   opened with {@link #SCHEMA} and {@link Engine#SCHEMA}
     * @param router  where an app's route goes when it is first applied
     * @param metrics requests per second for autoscalers that target it; null: none
     */
    public static Workloads open(Store store, Engine engine, TrafficRouter router, MetricsSource metrics, WorkloadConfig config) {
        AppStore apps = new AppStore(store);
        Workloads w = new Workloads(apps, router);
        w.metrics = metrics;
        w.runner = new LocalRunner(apps, engine, () -> w.metrics, w::scaleByAutoscaler, config);
        return w;
    }

    /**
     * Apps run by {@code runner} (an orchestrator such as Kubernetes), with their routes on
     * {@code router}; nothing of the local engine is started. Closing this closes the runner.
     *
     * @param store opened with {@link #SCHEMA}
     */
    public static Workloads over(Store store, AppRunner runner, TrafficRouter router) {
        Workloads w = new Workloads(new AppStore(store), Objects.requireNonNull(router, "router"));
        w.runner = Objects.requireNonNull(runner, "runner");
        return w;
    }

    public Platform platform() {
        return runner.platform();
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

    /** Replaces the metrics source given to {@link #open} (requests per second for local autoscalers). */
    public void setMetricsSource(MetricsSource metrics) {
        this.metrics = metrics;
    }

    public void setRevisionHandler(RevisionHandler handler) {
        this.revisionHandler = handler;
    }

    /** {@code listener} hears the name of an app whose instances (or their readiness) changed. Close to stop. */
    public AutoCloseable onInstancesChanged(Consumer<String> listener) {
        return runner.onInstancesChanged(listener);
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
                store.setStable(tx, name, target.number()); // no release layer: the new revision takes over at once
            }
            return new Views.Applied(name, "configured", target.number(), same.isEmpty());
        });
        if (before.isEmpty()) {
            try {
                declareReplicas(m, null, applied, handler == null);
                applyRoute(m, null, applied);
            } catch (RuntimeException e) {
                // the platform or router refused the new app (a template it cannot run, a cluster away): undo it all
                undoCreate(name);
                throw e;
            }
            return applied;
        }
        declareReplicas(m, before.get(), applied, handler == null);
        if (handler != null && !applied.action().equals("unchanged") && before.isPresent() && applied.revision() != before.get().stable()) {
            handler.newRevision(name, before.get().stable(), applied.revision());
        }
        applyRoute(m, before.get().manifest().route(), applied);
        return applied;
    }

    private void applyRoute(AppManifest m, AppManifest.Route oldRoute, Views.Applied applied) {
        AppManifest.Route route = m.route();
        if (route != null && !route.equals(oldRoute)) {
            int stable = store.app(m.name()).map(AppStore.AppRow::stable).orElse(applied.revision());
            router.apply(AppRoute.single(m.name(), route.host(), route.path(), "stable", stable));
        } else if (route == null && oldRoute != null) {
            router.remove(m.name());
        }
    }

    private void undoCreate(String app) {
        try {
            runner.removeAll(app);
        } catch (RuntimeException e) {
            // what the platform made, if anything, goes with the next apply or app rm
        }
        store.tx(tx -> {
            store.deleteApp(tx, app);
            store.store().events().append(tx, "app", app, "not created: the platform or router refused it");
            return null;
        });
    }

    /** Hands what an apply changed in replica counts to the platform. */
    private void declareReplicas(AppManifest m, AppStore.AppRow before, Views.Applied applied, boolean takeOver) {
        Platform platform = runner.platform();
        String name = m.name();
        if (before == null) {
            platform.scale(catalog.revision(name, applied.revision()), m.replicas());
        } else if (applied.revision() == before.stable()) {
            if (applied.action().equals("configured") && before.replicas() != m.replicas()) {
                platform.scale(catalog.revision(name, applied.revision()), m.replicas());
            }
        } else if (takeOver) {
            platform.scale(catalog.revision(name, applied.revision()), m.replicas());
            for (RevisionRef r : catalog.revisions(name)) {
                if (r.revision() != applied.revision()) {
                    platform.remove(name, r.revision());
                }
            }
        }
    }

    public List<Views.AppRow> list() {
        return store.apps().stream().map(this::row).toList();
    }

    public Views.AppRow get(String app) {
        return row(store.app(app).orElseThrow(() -> LegendsException.notFound("app " + app + " not found")));
    }

    private Views.AppRow row(AppStore.AppRow a) {
        List<Instance> is = runner.platform().instances(a.name());
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
        return new Views.Description(row, manifest, history(app), runner.observed(app), autoscaling(app, row.stableRevision()), events);
    }

    private Views.Autoscaling autoscaling(String app, int stable) {
        return store.tx(tx -> store.autoscaler(tx, app)).map(spec -> runner.autoscaling(spec, stable)).orElse(null);
    }

    public List<Views.Revision> history(String app) {
        Platform platform = runner.platform();
        record Row(AppStore.RevisionRow revision, boolean stable) {}
        List<Row> rows = store.tx(tx -> {
            AppStore.AppRow a = store.requireApp(tx, app);
            return store.revisions(tx, app).stream().map(r -> new Row(r, r.number() == a.stable())).toList();
        });
        List<Views.Revision> out = new ArrayList<>();
        for (Row row : rows) {
            AppStore.RevisionRow r = row.revision();
            out.add(new Views.Revision(r.number(), r.template().image(), r.changeCause(), r.created(), row.stable(),
                    platform.desired(app, r.number()), r.hash()));
        }
        return out;
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
        AppStore.AppRow a = store.app(app).orElseThrow(() -> LegendsException.notFound("app " + app + " not found"));
        Platform platform = runner.platform();
        if (a.replicas() == replicas && platform.desired(app, a.stable()) == replicas) {
            return;
        }
        // the platform first: when it refuses (or cannot be reached), nothing changed
        platform.scale(catalog.revision(app, a.stable()), replicas);
        store.tx(tx -> {
            AppStore.AppRow now = store.requireApp(tx, app);
            store.setReplicas(tx, app, replicas);
            AppManifest m = now.manifest();
            store.updateApp(tx, new AppManifest(m.name(), m.annotations(), m.template(), replicas, m.network(), m.route(), m.strategy()));
            store.store().events().append(tx, "app", app, "scaled from " + now.replicas() + " to " + replicas + " replicas (" + why + ")");
            return null;
        });
    }

    /** Removes the app: its instances (now), its revisions, its autoscaler and its route. */
    public synchronized void remove(String app) {
        store.tx(tx -> store.requireApp(tx, app));
        runner.removeAll(app);
        store.tx(tx -> {
            store.deleteApp(tx, app);
            store.store().events().append(tx, "app", app, "removed");
            return null;
        });
        try {
            router.remove(app);
        } catch (LegendsException e) {
            // the route was never applied
        }
    }

    /** The app container's log of each instance, the last {@code tail} lines of each (0: all). */
    public List<Views.InstanceLog> logs(String app, int tail) {
        get(app);
        return runner.logs(app, tail);
    }

    /** Follows the app's instances' output (see {@link AppRunner#followLogs}) until the result is closed. */
    public AutoCloseable followLogs(String app, int tail, java.util.function.Consumer<Views.InstanceLine> sink) {
        get(app);
        return runner.followLogs(app, tail, sink);
    }

    /** Creates or replaces the app's autoscaler (of its stable revision). */
    public Views.Autoscaling autoscale(AutoscalerSpec spec) {
        Objects.requireNonNull(spec.app(), "app");
        spec.validate();
        int stable = store.tx(tx -> {
            AppStore.AppRow a = store.requireApp(tx, spec.app());
            if (spec.cpuPercent() != null && store.revision(tx, a.name(), a.stable()).orElseThrow().template().resources().cpuMillis() == 0) {
                throw LegendsException.invalid("autoscale " + spec.app() + ": --cpu-percent needs a CPU limit (spec.resources.cpu) to be a percentage of");
            }
            return a.stable();
        });
        runner.autoscale(spec, catalog.revision(spec.app(), stable));
        store.tx(tx -> {
            store.requireApp(tx, spec.app());
            store.putAutoscaler(tx, spec);
            store.store().events().append(tx, "app", spec.app(), "autoscaler: " + spec.minReplicas() + ".." + spec.maxReplicas()
                    + (spec.cpuPercent() == null ? "" : ", cpu " + spec.cpuPercent() + "%")
                    + (spec.requestsPerSecond() == null ? "" : ", " + spec.requestsPerSecond() + " requests/s per pod"));
            return null;
        });
        return autoscaling(spec.app(), stable);
    }

    /**
     * An autoscaler follows the stable revision: the local loop reads it on every pass, an
     * orchestrator's (a HorizontalPodAutoscaler per revision) moves to the new one here.
     */
    private void stableChanged(String app, int previous, int revision) {
        store.tx(tx -> store.autoscaler(tx, app)).ifPresent(spec -> {
            try {
                runner.autoscale(spec, catalog.revision(app, revision));
                runner.stopAutoscaling(app, previous);
            } catch (LegendsException e) {
                // the release goes on; the user sees why autoscaling did not follow
                store.store().events().append("app", app, "autoscaler not moved to revision " + revision + ": " + e.getMessage());
            }
        });
    }

    public void removeAutoscaler(String app) {
        int stable = store.tx(tx -> {
            AppStore.AppRow a = store.requireApp(tx, app);
            if (store.autoscaler(tx, app).isEmpty()) {
                throw LegendsException.notFound("app " + app + " has no autoscaler");
            }
            return a.stable();
        });
        runner.stopAutoscaling(app, stable);
        store.tx(tx -> store.deleteAutoscaler(tx, app));
    }

    @Override
    public void close() {
        runner.close();
    }
}
