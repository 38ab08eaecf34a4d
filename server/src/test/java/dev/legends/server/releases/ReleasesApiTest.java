package dev.legends.server.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.release.Phase;
import dev.legends.release.Ports;
import dev.legends.release.ReleaseReport;
import dev.legends.release.ReleaseStatus;
import dev.legends.release.ReleaseSummary;
import dev.legends.release.Releases;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.Endpoint;
import dev.legends.server.http.HttpApi;
import dev.legends.server.http.Router;
import dev.legends.store.Store;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release API over a real socket, with ports whose instances are ready at once and no traffic. */
class ReleasesApiTest {
    @TempDir
    Path dir;

    @Test
    void startWatchPromoteHistoryReportAndUndo() throws Exception {
        Map<String, Object> strategy = Map.of("canary", Map.of("scaleDownDelaySeconds", 0,
                "steps", List.of(Map.of("setWeight", 50), Map.of("pause", Map.of()))));
        Ports ports = new Ports(new InstantPlatform(), new MapRouter(), new NoTraffic(), new OneApp(strategy));
        try (Store store = Store.open(dir.resolve("db"), Releases.SCHEMA);
             Releases releases = new Releases(store, ports, Clock.systemUTC());
             HttpApi api = new HttpApi(register(releases))) {
            releases.startLoop(Duration.ofMillis(20));
            Path socket = dir.resolve("api.sock");
            api.listenUnix(socket);
            ApiClient client = new ApiClient(new Endpoint.Unix(socket));

            ReleaseStatus started = client.post("/v1/releases/web", new ReleasesApi.Start("web:2", null, null), ReleaseStatus.class);
            assertThat(started.revision()).isEqualTo(2);
            assertThat(started.strategy()).isEqualTo("canary");

            List<ReleaseStatus> seen = new CopyOnWriteArrayList<>();
            Thread watcher = Thread.ofVirtual().start(() -> client.stream("/v1/releases/web/watch", data -> {
                seen.add(Json.read(data.getBytes(StandardCharsets.UTF_8), ReleaseStatus.class));
                return true;
            }));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (client.get("/v1/releases/web", ReleaseStatus.class).phase() != Phase.PAUSED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.get("/v1/releases/web", ReleaseStatus.class).weights())
                    .extracting(ReleaseStatus.Weight::perMille).containsExactly(500, 500);
            assertThatThrownBy(() -> client.post("/v1/releases/web", new ReleasesApi.Start("web:3", null, null), ReleaseStatus.class))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION));

            client.post("/v1/releases/web/promote", Map.of(), ReleaseStatus.class);
            watcher.join(Duration.ofSeconds(10));
            assertThat(watcher.isAlive()).isFalse(); // the stream ends with the release
            assertThat(seen.getLast().phase()).isEqualTo(Phase.COMPLETED);
            assertThat(seen).extracting(ReleaseStatus::phase).contains(Phase.PAUSED);

            List<ReleaseSummary> history = client.get("/v1/releases/web/history", Json.listOf(ReleaseSummary.class));
            assertThat(history).singleElement().satisfies(h -> assertThat(h.health()).isEqualTo("Healthy"));
            ReleaseReport report = client.get("/v1/releases/web/report?revision=2", ReleaseReport.class);
            assertThat(report.versions()).hasSize(2);
            assertThat(report.versions().getFirst().p50Millis()).isNaN(); // no traffic: NaN survives the wire
            assertThat(report.timeline()).isNotEmpty();

            ReleaseStatus undo = client.post("/v1/releases/web/undo", new ReleasesApi.Undo(null), ReleaseStatus.class);
            assertThat(undo.undo()).isTrue();
            assertThat(undo.revision()).isEqualTo(1);
            assertThatThrownBy(() -> client.get("/v1/releases/nope", ReleaseStatus.class))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        }
    }

    private static Router register(Releases releases) {
        Router router = new Router();
        new ReleasesApi(releases).register(router);
        return router;
    }

    private static final class InstantPlatform implements Platform {
        private final Map<Integer, Integer> desired = new ConcurrentHashMap<>(Map.of(1, 2));

        public String name() {
            return "test";
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
        private volatile AppDefinition app;
        private final List<RevisionRef> revisions = new CopyOnWriteArrayList<>(List.of(new RevisionRef("web", 1, Map.of("image", "web:1"))));

        OneApp(Map<String, Object> strategy) {
            app = new AppDefinition("web", 2, 1, 1, null, "/", 8080, strategy);
        }

        public Optional<AppDefinition> app(String name) {
            return name.equals("web") ? Optional.of(app) : Optional.empty();
        }

        public RevisionRef revision(String a, int number) {
            return revisions.stream().filter(r -> r.revision() == number).findFirst()
                    .orElseThrow(() -> LegendsException.notFound("no revision " + number));
        }

        public List<RevisionRef> revisions(String a) {
            return List.copyOf(revisions);
        }

        public RevisionRef createRevision(String a, String image, String cause) {
            RevisionRef r = new RevisionRef("web", revisions.size() + 1, Map.of("image", image));
            revisions.add(r);
            return r;
        }

        public void markStable(String a, int revision) {
            app = new AppDefinition("web", 2, revision, revisions.size(), null, "/", 8080, app.strategy());
        }
    }
}
