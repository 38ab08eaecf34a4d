package dev.legends.kube.release;

import dev.legends.core.LegendsException;
import dev.legends.kube.KubeOptions;
import dev.legends.kube.KubernetesBackend;
import dev.legends.kube.testing.Kubelet;
import dev.legends.release.Ports;
import dev.legends.release.ReleaseStatus;
import dev.legends.release.Releases;
import dev.legends.store.Store;
import dev.legends.workload.port.AppCatalog;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.MirrorStats;
import dev.legends.workload.port.RevisionRef;
import dev.legends.workload.port.TrafficRouter;
import dev.legends.workload.port.VersionMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The release controller, unchanged, driving the Kubernetes adapters against the mock API server:
 * each simulated second the {@link Kubelet} converges the cluster, then the controller ticks.
 * Metrics are healthy traffic of whatever the HTTPRoute currently sends to (read back from the
 * cluster), since no Prometheus scrapes the mock server's Pods.
 */
final class ClusterSim implements AutoCloseable {
    static final String APP = "web";
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final KubernetesBackend kube;
    final Kubelet kubelet;
    final Catalog catalog = new Catalog();
    final Store store;
    final Releases releases;

    ClusterSim(KubernetesClient client, String namespace, Path dir, int replicas, Map<String, Object> strategy) {
        kube = KubernetesBackend.over(client, KubeOptions.defaults().withNamespace(namespace));
        kubelet = new Kubelet(client, namespace);
        catalog.put(new AppDefinition(APP, replicas, 1, 1, "web.example.com", "/", 8080, strategy), "web:1");
        kube.platform().scale(catalog.revision(APP, 1), replicas);
        kube.router().apply(AppRoute.single(APP, "web.example.com", "/", "stable", 1));
        kubelet.sync();
        store = Store.open(dir.resolve("legends.db"), Releases.SCHEMA);
        releases = new Releases(store, new Ports(kube.platform(), kube.router(), new RouteTraffic(kube.router()), catalog), clock);
    }

    void tick() {
        clock.advance(Duration.ofSeconds(1));
        kubelet.sync();
        releases.tick();
    }

    ReleaseStatus runUntil(Predicate<ReleaseStatus> done, int maxTicks) {
        for (int i = 0; i < maxTicks; i++) {
            ReleaseStatus s = releases.status(APP);
            if (done.test(s)) {
                return s;
            }
            tick();
        }
        throw new AssertionError("not reached in " + maxTicks + " ticks: " + releases.status(APP));
    }

    ReleaseStatus runToEnd(int maxTicks) {
        return runUntil(s -> !s.phase().active(), maxTicks);
    }

    void settle(int ticks) {
        for (int i = 0; i < ticks; i++) {
            tick();
        }
    }

    AppRoute route() {
        return kube.router().current(APP).orElseThrow();
    }

    @Override
    public void close() {
        releases.close();
        store.close();
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** 100 healthy requests a second, split as the route on the cluster splits them; mirrors copy their share. */
    record RouteTraffic(TrafficRouter router) implements MetricsSource {
        @Override
        public VersionMetrics query(String app, int revision, Instant from, Instant to) {
            AppRoute r = router.current(app).orElse(null);
            long seconds = Math.max(0, Duration.between(from, to).toSeconds());
            long weight = r == null ? 0 : r.backends().stream().filter(b -> b.revision() == revision).mapToLong(AppRoute.Backend::weight).sum();
            long requests = seconds * 100 * weight / AppRoute.TOTAL_WEIGHT;
            return new VersionMetrics(app, revision, from, to, requests, 0, List.of(25.0, 100.0), List.of(requests * 9 / 10,
                    requests - requests * 9 / 10, 0L));
        }

        @Override
        public Optional<MirrorStats> mirror(String app, int revision, Instant from, Instant to) {
            AppRoute r = router.current(app).orElse(null);
            if (r == null || r.mirror() == null || r.mirror().revision() != revision) {
                return Optional.empty();
            }
            long mirrored = (long) (Duration.between(from, to).toSeconds() * 100 * r.mirror().percent() / 100);
            return Optional.of(new MirrorStats(mirrored, 0, 0, 0, 20, 80, List.of()));
        }
    }

    /** Apps and revisions in memory, as the workload layer keeps them in the store. */
    static final class Catalog implements AppCatalog {
        private final Map<String, AppDefinition> apps = new HashMap<>();
        private final Map<String, List<RevisionRef>> revisions = new HashMap<>();
        final List<Integer> markedStable = new ArrayList<>();

        synchronized void put(AppDefinition app, String image) {
            apps.put(app.name(), app);
            revisions.put(app.name(), new ArrayList<>(List.of(new RevisionRef(app.name(), 1, template(image)))));
        }

        static Map<String, Object> template(String image) {
            return Map.of("image", image, "ports", List.of(Map.of("containerPort", 8080, "name", "http")),
                    "readinessProbe", Map.of("httpGet", Map.of("path", "/", "port", 8080)));
        }

        @Override
        public synchronized Optional<AppDefinition> app(String name) {
            return Optional.ofNullable(apps.get(name));
        }

        @Override
        public synchronized RevisionRef revision(String app, int number) {
            return revisions.getOrDefault(app, List.of()).stream().filter(r -> r.revision() == number).findFirst()
                    .orElseThrow(() -> LegendsException.notFound(app + ": no revision " + number));
        }

        @Override
        public synchronized List<RevisionRef> revisions(String app) {
            return List.copyOf(revisions.getOrDefault(app, List.of()));
        }

        @Override
        public synchronized RevisionRef createRevision(String app, String image, String changeCause) {
            List<RevisionRef> list = revisions.get(app);
            for (RevisionRef r : list) {
                if (r.template().equals(template(image))) {
                    return r;
                }
            }
            RevisionRef created = new RevisionRef(app, list.size() + 1, template(image));
            list.add(created);
            AppDefinition d = apps.get(app);
            apps.put(app, new AppDefinition(app, d.replicas(), d.stableRevision(), created.revision(), d.host(), d.pathPrefix(), d.port(),
                    d.strategy()));
            return created;
        }

        @Override
        public synchronized void markStable(String app, int revision) {
            markedStable.add(revision);
            AppDefinition d = apps.get(app);
            apps.put(app, new AppDefinition(app, d.replicas(), revision, d.latestRevision(), d.host(), d.pathPrefix(), d.port(), d.strategy()));
        }
    }
}
