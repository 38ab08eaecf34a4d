package dev.legends.kube.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.release.Phase;
import dev.legends.release.ReleaseStatus;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.RouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole release of each strategy by the release layer's own controller on the Kubernetes
 * adapters: the Deployments, Services and HTTPRoute it leaves on the (mock) cluster are what a
 * user would find there.
 */
@EnableKubernetesMockClient(crud = true)
class KubeReleaseTest {
    static KubernetesClient client;
    static int tests;
    @TempDir
    Path dir;

    ClusterSim sim(int replicas, Map<String, Object> strategy) {
        return new ClusterSim(client, "rel" + ++tests, dir, replicas, strategy);
    }

    static List<Integer> revisionsRunning(ClusterSim sim) {
        return sim.kube.platform().instances(ClusterSim.APP).stream().map(Instance::revision).distinct().sorted().toList();
    }

    @Test
    void recreate() {
        try (ClusterSim sim = sim(3, Map.of("type", "Recreate"))) {
            sim.releases.start(ClusterSim.APP, "web:2", null);
            assertThat(sim.runToEnd(60).phase()).isEqualTo(Phase.COMPLETED);
            sim.settle(3);
            assertThat(sim.kube.platform().desired(ClusterSim.APP, 2)).isEqualTo(3);
            assertThat(revisionsRunning(sim)).containsExactly(2);
            assertThat(sim.route().backends()).extracting(AppRoute.Backend::revision).containsExactly(2);
            assertThat(sim.catalog.markedStable).containsExactly(2);
        }
    }

    @Test
    void ramped() {
        try (ClusterSim sim = sim(4, Map.of())) {
            sim.releases.start(ClusterSim.APP, "web:2", null);
            assertThat(sim.runToEnd(80).phase()).isEqualTo(Phase.COMPLETED);
            sim.settle(3);
            assertThat(revisionsRunning(sim)).containsExactly(2);
            assertThat(client.apps().deployments().inNamespace(sim.kube.namespace()).withName("web-r2").get().getSpec().getReplicas())
                    .isEqualTo(4);
        }
    }

    @Test
    void blueGreen() {
        Map<String, Object> bg = Map.of("blueGreen", Map.of("autoPromotionSeconds", 5,
                "previewRoute", Map.of("header", Map.of("name", "X-Preview", "value", "yes"))));
        try (ClusterSim sim = sim(2, bg)) {
            sim.releases.start(ClusterSim.APP, "web:2", null);
            sim.runUntil(s -> s.route() != null && sim.route().matches().contains(RouteMatch.header("X-Preview", "yes", "preview")), 40);
            HTTPRoute onCluster = client.resources(HTTPRoute.class).inNamespace(sim.kube.namespace()).withName("web").get();
            assertThat(onCluster.getSpec().getRules().getFirst().getMatches().getFirst().getHeaders().getFirst().getName())
                    .isEqualTo("X-Preview");
            assertThat(sim.runToEnd(60).phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.route().backends()).extracting(AppRoute.Backend::revision, AppRoute.Backend::weight)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 1000));
        }
    }

    @Test
    void canary() {
        Map<String, Object> canary = Map.of("canary", Map.of("steps", List.of(
                Map.of("setWeight", 10), Map.of("pause", Map.of("duration", "3s")), Map.of("setWeight", 50),
                Map.of("pause", Map.of("duration", "3s"))), "scaleDownDelaySeconds", 2));
        try (ClusterSim sim = sim(4, canary)) {
            sim.releases.start(ClusterSim.APP, "web:2", null);
            ReleaseStatus tenPercent = sim.runUntil(s -> sim.route().backends().stream().anyMatch(b -> b.revision() == 2 && b.weight() == 100), 40);
            assertThat(tenPercent.phase().active()).isTrue();
            HTTPRoute onCluster = client.resources(HTTPRoute.class).inNamespace(sim.kube.namespace()).withName("web").get();
            assertThat(onCluster.getSpec().getRules().getLast().getBackendRefs()).extracting(b -> b.getName() + "=" + b.getWeight())
                    .containsExactly("web-r1=900", "web-r2=100");
            assertThat(sim.runToEnd(80).phase()).isEqualTo(Phase.COMPLETED);
            sim.settle(5);
            assertThat(sim.route()).isEqualTo(AppRoute.single(ClusterSim.APP, "web.example.com", "/", "stable", 2));
            assertThat(revisionsRunning(sim)).containsExactly(2);
        }
    }

    @Test
    void abTestingThenPromoteB() {
        Map<String, Object> ab = Map.of("abTesting", Map.of(
                "match", List.of(Map.of("header", Map.of("name", "X-Variant", "value", "b")),
                        Map.of("cookie", Map.of("name", "variant", "value", "b"))),
                "share", 10, "stickyBy", Map.of("cookie", "user"), "replicas", 1));
        try (ClusterSim sim = sim(3, ab)) {
            sim.releases.start(ClusterSim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 40);
            AppRoute route = sim.route();
            assertThat(route.matches()).containsExactly(RouteMatch.header("X-Variant", "b", "b"), RouteMatch.cookie("variant", "b", "b"));
            assertThat(route.sticky()).isEqualTo(new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, "user"));
            sim.releases.promote(ClusterSim.APP, false);
            assertThat(sim.runToEnd(60).phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.kube.platform().desired(ClusterSim.APP, 2)).isEqualTo(3);
        }
    }

    @Test
    void shadowThenPromote() {
        try (ClusterSim sim = sim(2, Map.of("shadow", Map.of("mirrorPercent", 50, "duration", "5s")))) {
            sim.releases.start(ClusterSim.APP, "web:2", null);
            ReleaseStatus paused = sim.runUntil(s -> s.phase() == Phase.PAUSED, 40);
            assertThat(paused.pauseReason()).contains("promote the shadow");
            HTTPRoute onCluster = client.resources(HTTPRoute.class).inNamespace(sim.kube.namespace()).withName("web").get();
            var mirror = onCluster.getSpec().getRules().getFirst().getFilters().getFirst().getRequestMirror();
            assertThat(mirror.getBackendRef().getName()).isEqualTo("web-r2");
            assertThat(mirror.getPercent()).isEqualTo(50);
            sim.releases.promote(ClusterSim.APP, false);
            assertThat(sim.runToEnd(30).phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.route().mirror()).isNull();
        }
    }

    @Test
    void abortPutsEveryRequestBackOnStable() {
        Map<String, Object> canary = Map.of("canary", Map.of("steps", List.of(Map.of("setWeight", 20), Map.of("pause", Map.of())),
                "abortScaleDownDelaySeconds", 2));
        try (ClusterSim sim = sim(2, canary)) {
            sim.releases.start(ClusterSim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 40);
            assertThat(sim.releases.abort(ClusterSim.APP).phase()).isEqualTo(Phase.ABORTED);
            assertThat(sim.route().backends()).extracting(AppRoute.Backend::revision).containsExactly(1);
            sim.settle(4);
            assertThat(sim.kube.platform().desired(ClusterSim.APP, 2)).isZero();
            assertThat(revisionsRunning(sim)).containsExactly(1);
            assertThat(sim.catalog.markedStable).isEmpty();
        }
    }
}
