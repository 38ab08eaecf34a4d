package dev.legends.server.releases;

import dev.legends.core.LegendsException;
import dev.legends.release.Ports;
import dev.legends.workload.port.AppCatalog;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.MirrorStats;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import dev.legends.workload.port.TrafficRouter;
import dev.legends.workload.port.VersionMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The release ports in memory, for the API and dashboard tests of the server: app "web" with two
 * replicas of revision 1, instances ready as soon as they are asked for, a router that keeps the
 * last route, no traffic (analysis would be inconclusive).
 */
public final class MemoryPorts {
    private MemoryPorts() {
    }

    public static Ports of(Map<String, Object> strategy) {
        return new Ports(new ReadyPlatform(), new MapRouter(), new NoTraffic(), new OneApp(strategy));
    }

    private static final class ReadyPlatform implements Platform {
        private final Map<Integer, Integer> desired = new ConcurrentHashMap<>(Map.of(1, 2));

        public String name() {
            return "memory";
        }

        public void scale(RevisionRef revision, int replicas) {
            desired.put(revision.revision(), replicas);
        }

        public int desired(String app, int revision) {
            return desired.getOrDefault(revision, 0);
        }

        public List<Instance> instances(String app) {
            List<Instance> out = new ArrayList<>();
            desired.forEach((rev, n) -> {
                for (int i = 0; i < n; i++) {
                    out.add(new Instance(app, rev, app + "-" + rev + "-" + i, "127.0.0.1", 8080, Instance.Phase.RUNNING, true, 0, Instant.EPOCH));
                }
            });
            return out;
        }

        public void remove(String app, int revision) {
            desired.remove(revision);
        }
    }

    private static final class MapRouter implements TrafficRouter {
        private final Map<String, AppRoute> routes = new ConcurrentHashMap<>();

        public void apply(AppRoute route) {
            routes.put(route.app(), route);
        }

        public Optional<AppRoute> current(String app) {
            return Optional.ofNullable(routes.get(app));
        }

        public void remove(String app) {
            routes.remove(app);
        }
    }

    private static final class NoTraffic implements MetricsSource {
        public VersionMetrics query(String app, int revision, Instant from, Instant to) {
            return VersionMetrics.empty(app, revision, from, to);
        }

        public Optional<MirrorStats> mirror(String app, int revision, Instant from, Instant to) {
            return Optional.empty();
        }
    }

    private static final class OneApp implements AppCatalog {
        private final Map<String, Object> strategy;
        private final List<RevisionRef> revisions = new CopyOnWriteArrayList<>(List.of(new RevisionRef("web", 1, Map.of("image", "web:1"))));
        private volatile int stable = 1;

        OneApp(Map<String, Object> strategy) {
            this.strategy = strategy;
        }

        public Optional<AppDefinition> app(String name) {
            return name.equals("web") ? Optional.of(new AppDefinition("web", 2, stable, revisions.size(), null, "/", 8080, strategy))
                    : Optional.empty();
        }

        public RevisionRef revision(String app, int number) {
            return revisions.stream().filter(r -> r.revision() == number).findFirst()
                    .orElseThrow(() -> LegendsException.notFound("no revision " + number));
        }

        public List<RevisionRef> revisions(String app) {
            return List.copyOf(revisions);
        }

        public RevisionRef createRevision(String app, String image, String cause) {
            RevisionRef r = new RevisionRef("web", revisions.size() + 1, Map.of("image", image));
            revisions.add(r);
            return r;
        }

        public void markStable(String app, int revision) {
            stable = revision;
        }
    }
}
