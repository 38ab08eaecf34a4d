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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        Ports ports = MemoryPorts.of(strategy);
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
}
