package dev.legends.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.workload.port.AppRoute;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analysis deciding a release: automatic rollback on errors, pause when there is no data, the judge. */
class AnalysisRollbackTest {
    @TempDir
    Path dir;

    private static Map<String, Object> canaryWith(Object analysis) {
        return Map.of("canary", Map.of("abortScaleDownDelaySeconds", 3, "steps", List.of(
                Map.of("setWeight", 20),
                Map.of("analysis", analysis),
                Map.of("setWeight", 50))));
    }

    private static final Map<String, Object> SUCCESS_RATE = Map.of("metrics", List.of(Map.of(
            "name", "success", "metric", "successRate", "successCondition", "result >= 0.99", "interval", "5s", "count", 3)));

    @Test
    void aCanaryReturningFivePercentErrorsIsRolledBackByItself() {
        try (Sim sim = new Sim(dir, 5, canaryWith(SUCCESS_RATE))) {
            sim.traffic.errorRate.put(2, 0.05);
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus s = sim.runToEnd(60);

            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(s.message()).contains("success failed").contains("successRate = 0.95");
            assertThat(sim.router.weightsOf(2)).containsExactly(200, 0);
            assertThat(sim.router.applied.getLast()).isEqualTo(AppRoute.single(Sim.APP, "web.local", "/", "stable", 1));
            assertThat(s.rollbackMillis()).isZero(); // stable was whole: one apply, in the tick that aborted
            assertThat(s.analyses()).singleElement().satisfies(a -> assertThat(a.phase()).isEqualTo("FAILED"));
            assertThat(sim.catalog.markedStable).isEmpty();
            assertThat(sim.platform.desired(Sim.APP, 2)).isPositive(); // kept for the abort delay
            sim.settle(4);
            assertThat(sim.platform.desired(Sim.APP, 2)).isZero();
            ReleaseReport r = sim.releases.report(Sim.APP, 2);
            assertThat(r.rollbackMillis()).isZero();
            assertThat(r.versions().get(1).errors()).isPositive();
            assertThat(r.timeline()).extracting(TimelineEntry::message).anyMatch(m -> m.startsWith("rolled back"));
        }
    }

    @Test
    void aHealthyCanaryPassesItsAnalysisAndCompletes() {
        try (Sim sim = new Sim(dir, 5, canaryWith(SUCCESS_RATE))) {
            sim.traffic.errorRate.put(2, 0.001);
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus s = sim.runToEnd(60);
            assertThat(s.phase()).isEqualTo(Phase.COMPLETED);
            assertThat(s.analyses()).singleElement().satisfies(a -> {
                assertThat(a.phase()).isEqualTo("SUCCESSFUL");
                assertThat(a.metrics().getFirst().measurements()).isEqualTo(3);
            });
        }
    }

    @Test
    void noDataIsInconclusiveAndPausesThenResumeMeasuresAgain() {
        try (Sim sim = new Sim(dir, 3, canaryWith(SUCCESS_RATE))) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.step() == 1, 20);
            sim.traffic.rps = 0; // nobody calls the app
            ReleaseStatus paused = sim.runUntil(s -> s.phase() != Phase.PROGRESSING, 20);
            assertThat(paused.phase()).isEqualTo(Phase.PAUSED);
            assertThat(paused.pauseReason()).contains("inconclusive").contains("no requests");
            sim.settle(10);
            assertThat(sim.releases.status(Sim.APP).phase()).isEqualTo(Phase.PAUSED); // never a pass, never a silent failure

            sim.traffic.rps = 200;
            sim.releases.resume(Sim.APP);
            assertThat(sim.runToEnd(60).phase()).isEqualTo(Phase.COMPLETED);
        }
    }

    @Test
    void failureLimitToleratesSomeBadMeasurements() {
        Map<String, Object> tolerant = Map.of("metrics", List.of(Map.of("metric", "errorRate", "failureCondition", Map.of("above", 0.02),
                "interval", "2s", "count", 4, "failureLimit", 4)));
        try (Sim sim = new Sim(dir, 3, canaryWith(tolerant))) {
            sim.traffic.errorRate.put(2, 0.05);
            sim.releases.start(Sim.APP, "web:2", null);
            assertThat(sim.runToEnd(60).phase()).isEqualTo(Phase.COMPLETED);
        }
    }

    @Test
    void theJudgeFailsASlowerCanaryAndPassesAnEqualOne() {
        Map<String, Object> judge = Map.of("judge", Map.of("metrics", List.of("latency", "errors"), "interval", "10s"));
        try (Sim sim = new Sim(dir, 4, canaryWith(judge))) {
            sim.traffic.latencyBucket.put(1, 2);
            sim.traffic.latencyBucket.put(2, 4); // 25–50 ms against 50–100 ms
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus s = sim.runToEnd(60);
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(s.message()).contains("judge failed").contains("latency High");
        }
        try (Sim sim = new Sim(dir.resolve("equal"), 4, canaryWith(judge))) {
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus s = sim.runToEnd(60);
            assertThat(s.phase()).isEqualTo(Phase.COMPLETED);
            assertThat(s.analyses().getFirst().metrics().getFirst().last()).startsWith("score 100");
        }
    }

    @Test
    void blueGreenPostPromotionAnalysisFailureSwitchesBackToBlue() {
        Map<String, Object> bg = Map.of("blueGreen", Map.of("postPromotionAnalysis", SUCCESS_RATE, "scaleDownDelaySeconds", 30));
        try (Sim sim = new Sim(dir, 3, bg)) {
            sim.traffic.errorRate.put(2, 0.05);
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus s = sim.runToEnd(60);
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(sim.router.applied).extracting(r -> r.backends().stream().filter(b -> b.weight() > 0).toList().getFirst().revision())
                    .containsExactly(1, 2, 1); // preview on blue, switch to green, back to blue
            assertThat(s.rollbackMillis()).isZero();
            assertThat(sim.catalog.markedStable).isEmpty();
        }
    }

    @Test
    void rampedThatNeverBecomesReadyAbortsAtTheProgressDeadline() {
        try (Sim sim = new Sim(dir, 4, Map.of("rollingUpdate", Map.of("progressDeadlineSeconds", 10)))) {
            sim.platform.broken.add(2);
            sim.releases.start(Sim.APP, "web:2", null);
            ReleaseStatus s = sim.runToEnd(40);
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(s.message()).contains("progress deadline");
            assertThat(sim.minReady).isGreaterThanOrEqualTo(3);
            sim.settle(35);
            assertThat(sim.platform.ready(1)).isEqualTo(4);
            assertThat(sim.router.applied.getLast().backends()).extracting(AppRoute.Backend::revision).containsExactly(1);
        }
    }

    @Test
    void backgroundAnalysisAbortsACanaryDuringItsPauses() {
        Map<String, Object> canary = Map.of("canary", Map.of(
                "analysis", Map.of("startingStep", 2, "metrics", List.of(Map.of("metric", "errorRate", "failureCondition", "result > 0.02",
                        "interval", "5s"))),
                "steps", List.of(Map.of("setWeight", 20), Map.of("pause", Map.of("duration", "30s")), Map.of("setWeight", 50),
                        Map.of("pause", Map.of("duration", "30s")))));
        try (Sim sim = new Sim(dir, 5, canary)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.step() == 2, 60); // healthy through the first pause: measured, no verdict
            assertThat(sim.releases.report(Sim.APP, 2).timeline()).extracting(TimelineEntry::message)
                    .anyMatch(m -> m.startsWith("background analysis: errorRate successful"));
            sim.traffic.errorRate.put(2, 0.05);
            ReleaseStatus s = sim.runToEnd(30);
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(s.message()).contains("background analysis failed");
            assertThat(sim.router.applied.getLast().backends()).extracting(AppRoute.Backend::revision).containsExactly(1);
        }
    }
}
