package dev.legends.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.RouteMatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of the six strategies driven to completion through the fake ports under steady load. */
class StrategiesTest {
    @TempDir
    Path dir;

    @Test
    void recreateStopsTheOldBeforeStartingTheNewAndMeasuresTheDowntime() {
        try (Sim sim = new Sim(dir, 3, Map.of("type", "Recreate"))) {
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus s = sim.runToEnd(60);

            assertThat(s.phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.platform.calls).extracting(c -> c.revision() + "->" + c.replicas()).containsExactly("1->0", "2->3");
            // The new revision was only asked for once no old instance was left, not even a terminating one.
            assertThat(sim.platform.calls.get(1).time()).isAfter(sim.platform.calls.get(0).time());
            assertThat(sim.platform.calls.get(1).othersPresent()).isZero();
            assertThat(sim.router.applied).containsExactly(AppRoute.single(Sim.APP, "web.local", "/", "stable", 2));
            ReleaseReport r = sim.releases.report(Sim.APP, 2);
            assertThat(r.downtimeMillis()).isGreaterThanOrEqualTo(2000); // at least the new instances' start-up
            assertThat(r.peakExtraInstances()).isZero();
            assertThat(sim.traffic.failedRequests).isPositive();
            assertThat(sim.catalog.markedStable).containsExactly(2);
        }
    }

    @Test
    void rampedStaysWithinSurgeAndUnavailabilityWithKubernetesRounding() {
        // 10 replicas: 25% surge rounds up to 3, 25% unavailable rounds down to 2.
        try (Sim sim = new Sim(dir, 10, Map.of("rollingUpdate", Map.of("minReadySeconds", 1)))) {
            sim.releases.start(Sim.APP, "web:2", "ramped");
            ReleaseStatus s = sim.runToEnd(120);

            assertThat(s.phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.minReady).isGreaterThanOrEqualTo(8);
            assertThat(sim.maxLive).isLessThanOrEqualTo(13);
            assertThat(sim.platform.calls.stream().filter(c -> c.revision() == 2).mapToInt(FakePlatform.ScaleCall::replicas).max())
                    .hasValue(10);
            List<Integer> weights = sim.router.weightsOf(2);
            assertThat(weights).isSorted().last().isEqualTo(1000);
            assertThat(weights.size()).isGreaterThan(3); // traffic moved as instances became ready, not at once
            assertThat(sim.platform.desired(Sim.APP, 1)).isZero();
            assertThat(sim.traffic.failedRequests).isZero();
            ReleaseReport r = sim.releases.report(Sim.APP, null);
            assertThat(r.downtimeMillis()).isZero();
            assertThat(r.peakExtraInstances()).isBetween(1, 3);
        }
    }

    @Test
    void rampedWithDefaultsOnFourReplicasKeepsThreeReadyAndAtMostFive() {
        try (Sim sim = new Sim(dir, 4, Map.of())) {
            sim.releases.start(Sim.APP, "web:2", null);
            assertThat(sim.runToEnd(60).phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.minReady).isGreaterThanOrEqualTo(3);
            assertThat(sim.maxLive).isLessThanOrEqualTo(5);
            assertThat(sim.traffic.failedRequests).isZero();
        }
    }

    @Test
    void blueGreenPreviewsThenSwitchesAllTrafficInOneApplyAndKeepsBlueForTheDelay() {
        Map<String, Object> bg = Map.of("blueGreen", Map.of("previewRoute", Map.of("header", Map.of("name", "X-Preview", "value", "yes")),
                "autoPromotionEnabled", false, "scaleDownDelaySeconds", 5));
        try (Sim sim = new Sim(dir, 3, bg)) {
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus paused = sim.runUntil(s -> s.phase() == Phase.PAUSED, 30);
            assertThat(paused.pauseReason()).contains("autoPromotionEnabled");
            assertThat(sim.router.applied).hasSize(1);
            AppRoute preview = sim.router.applied.getFirst();
            assertThat(preview.backends()).extracting(AppRoute.Backend::revision, AppRoute.Backend::weight)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1000), org.assertj.core.groups.Tuple.tuple(2, 0));
            assertThat(preview.matches()).containsExactly(new RouteMatch(RouteMatch.Source.HEADER, "X-Preview", RouteMatch.Op.EXACT, "yes",
                    "preview"));
            assertThat(sim.platform.ready(2)).isEqualTo(3);

            sim.releases.promote(Sim.APP, false);
            ReleaseStatus done = sim.runToEnd(10);
            assertThat(done.phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.router.applied).hasSize(2);
            assertThat(sim.router.applied.get(1)).isEqualTo(AppRoute.single(Sim.APP, "web.local", "/", "active", 2));
            assertThat(sim.platform.desired(Sim.APP, 1)).isEqualTo(3); // blue kept: rollback stays instant
            sim.settle(6);
            assertThat(sim.platform.desired(Sim.APP, 1)).isZero();
            assertThat(sim.traffic.failedRequests).isZero();
            assertThat(sim.releases.report(Sim.APP, 2).peakExtraInstances()).isEqualTo(3);
        }
    }

    @Test
    void blueGreenPromotesItselfAfterAutoPromotionSeconds() {
        try (Sim sim = new Sim(dir, 2, Map.of("blueGreen", Map.of("autoPromotionSeconds", 5)))) {
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus s = sim.runToEnd(30);
            assertThat(s.phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.router.applied.getFirst().matches()).extracting(RouteMatch::name).containsExactly("X-Preview");
            assertThat(sim.router.applied.getLast().backends()).extracting(AppRoute.Backend::revision).containsExactly(2);
        }
    }

    @Test
    void canaryFollowsItsStepsWithWeightsAndCanaryScale() {
        Map<String, Object> canary = Map.of("canary", Map.of("steps", List.of(
                Map.of("setWeight", 10),
                Map.of("pause", Map.of("duration", "5s")),
                Map.of("setWeight", 30),
                Map.of("setCanaryScale", Map.of("replicas", 2)),
                Map.of("setWeight", 60),
                Map.of("pause", Map.of()))));
        try (Sim sim = new Sim(dir, 10, canary)) {
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus paused = sim.runUntil(s -> s.phase() == Phase.PAUSED, 60);
            assertThat(paused.step()).isEqualTo(5);
            assertThat(sim.router.weightsOf(2)).containsExactly(100, 300, 600);
            // Sized to the weight (ceil(10 × 10%) = 1, 3), then fixed at 2 whatever the weight.
            assertThat(sim.platform.calls.stream().filter(c -> c.revision() == 2).map(FakePlatform.ScaleCall::replicas))
                    .containsExactly(1, 3, 2);
            assertThat(sim.platform.desired(Sim.APP, 1)).isEqualTo(10); // stable stays whole

            sim.releases.promote(Sim.APP, false);
            ReleaseStatus done = sim.runToEnd(30);
            assertThat(done.phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.router.weightsOf(2)).containsExactly(100, 300, 600, 1000);
            assertThat(sim.catalog.markedStable).containsExactly(2);
            assertThat(sim.traffic.failedRequests).isZero();
            sim.settle(31);
            assertThat(sim.platform.desired(Sim.APP, 1)).isZero();
        }
    }

    @Test
    void abTestingRoutesByHeaderCookieAndStickyShareThenPromotesB() {
        Map<String, Object> ab = Map.of("abTesting", Map.of(
                "match", List.of(Map.of("header", Map.of("name", "X-Variant", "value", "b")),
                        Map.of("cookie", Map.of("name", "variant", "value", "b"))),
                "share", 10, "stickyBy", Map.of("cookie", "user"), "replicas", 1));
        try (Sim sim = new Sim(dir, 3, ab)) {
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus paused = sim.runUntil(s -> s.phase() == Phase.PAUSED, 30);
            assertThat(paused.pauseReason()).contains("promote B");
            AppRoute route = sim.router.applied.getFirst();
            assertThat(route.matches()).containsExactly(RouteMatch.header("X-Variant", "b", "b"), RouteMatch.cookie("variant", "b", "b"));
            assertThat(route.sticky()).isEqualTo(new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, "user"));
            assertThat(route.backends()).extracting(AppRoute.Backend::version, AppRoute.Backend::weight)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 900), org.assertj.core.groups.Tuple.tuple("b", 100));
            assertThat(sim.platform.desired(Sim.APP, 2)).isEqualTo(1);

            sim.settle(5); // the operator looks at both variants for a while
            ReleaseReport during = sim.releases.report(Sim.APP, 2);
            assertThat(during.versions()).extracting(ReleaseReport.VersionReport::role).containsExactly("stable", "new");
            assertThat(during.versions().get(1).requests()).isPositive(); // per-variant metrics side by side

            sim.releases.promote(Sim.APP, false);
            assertThat(sim.runToEnd(30).phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.platform.desired(Sim.APP, 2)).isEqualTo(3);
            assertThat(sim.router.applied.getLast()).isEqualTo(AppRoute.single(Sim.APP, "web.local", "/", "a", 2));
        }
    }

    @Test
    void abTestingKeepingAIsAnAbort() {
        Map<String, Object> ab = Map.of("abTesting", Map.of("match", List.of(Map.of("header", Map.of("name", "X-Variant", "value", "b"))),
                "abortScaleDownDelaySeconds", 2));
        try (Sim sim = new Sim(dir, 2, ab)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 30);
            ReleaseStatus aborted = sim.releases.abort(Sim.APP);
            assertThat(aborted.phase()).isEqualTo(Phase.ABORTED);
            assertThat(aborted.health()).isEqualTo("Degraded");
            assertThat(sim.router.applied.getLast()).isEqualTo(AppRoute.single(Sim.APP, "web.local", "/", "a", 1));
            sim.settle(3);
            assertThat(sim.platform.desired(Sim.APP, 2)).isZero();
            assertThat(sim.catalog.markedStable).isEmpty();
        }
    }

    @Test
    void shadowMirrorsComparesThenPromotes() {
        Map<String, Object> shadow = Map.of("shadow", Map.of("mirrorPercent", 50, "duration", "10s"));
        try (Sim sim = new Sim(dir, 2, shadow)) {
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus paused = sim.runUntil(s -> s.phase() == Phase.PAUSED, 40);
            AppRoute route = sim.router.applied.getFirst();
            assertThat(route.backends()).extracting(AppRoute.Backend::revision).containsExactly(1); // users only see stable
            assertThat(route.mirror()).isEqualTo(new AppRoute.Mirror("shadow", 2, 50, true));
            ReleaseReport r = sim.releases.report(Sim.APP, 2);
            assertThat(r.mirror().mirrored()).isGreaterThanOrEqualTo(900); // 10 s × 200 rps × 50%
            assertThat(r.versions().get(1).requests()).isZero(); // responses were discarded: no user traffic
            assertThat(paused.pauseReason()).contains("promote the shadow");

            sim.releases.promote(Sim.APP, false);
            assertThat(sim.runToEnd(10).phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.router.applied.getLast()).isEqualTo(AppRoute.single(Sim.APP, "web.local", "/", "stable", 2));
        }
    }

    @Test
    void shadowWhoseResponsesDifferIsDiscardedByItself() {
        try (Sim sim = new Sim(dir, 2, Map.of("shadow", Map.of("duration", "20s", "maxDifferenceRate", 0.02)))) {
            sim.traffic.differenceRate.put(2, 0.10);
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus s = sim.runToEnd(40);
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(s.message()).contains("differ");
            assertThat(sim.router.applied.getLast().mirror()).isNull();
            assertThat(sim.router.applied.getLast().backends()).extracting(AppRoute.Backend::revision).containsExactly(1);
        }
    }
}
