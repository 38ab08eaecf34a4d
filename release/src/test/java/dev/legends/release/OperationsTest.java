package dev.legends.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import dev.legends.workload.port.AppRoute;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands: promote, pause, resume, abort, undo, history, and bad input. */
class OperationsTest {
    @TempDir
    Path dir;

    private static final Map<String, Object> CANARY = Map.of("canary", Map.of("scaleDownDelaySeconds", 0, "abortScaleDownDelaySeconds", 5,
            "steps", List.of(Map.of("setWeight", 25), Map.of("pause", Map.of()), Map.of("setWeight", 50), Map.of("pause", Map.of("duration", "1h")))));

    @Test
    void pauseFreezesResumeContinues() {
        try (Sim sim = new Sim(dir, 4, CANARY)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 20);
            sim.releases.promote(Sim.APP, false);
            sim.runUntil(s -> s.step() == 3, 20);
            ReleaseStatus paused = sim.releases.pause(Sim.APP);
            assertThat(paused.phase()).isEqualTo(Phase.PAUSED);
            assertThatThrownBy(() -> sim.releases.pause(Sim.APP)).hasMessageContaining("already paused");
            sim.settle(5);
            assertThat(sim.releases.status(Sim.APP).step()).isEqualTo(3);
            assertThat(sim.releases.resume(Sim.APP).phase()).isEqualTo(Phase.PROGRESSING);
            assertThatThrownBy(() -> sim.releases.resume(Sim.APP)).hasMessageContaining("not paused");
            // A one-hour pause: promote skips it.
            ReleaseStatus s = sim.releases.promote(Sim.APP, false);
            assertThat(s.step()).isGreaterThan(3);
            assertThat(sim.runToEnd(30).phase()).isEqualTo(Phase.COMPLETED);
        }
    }

    @Test
    void promoteFullSkipsEveryRemainingStep() {
        try (Sim sim = new Sim(dir, 4, CANARY)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 20);
            sim.releases.promote(Sim.APP, true);
            assertThat(sim.runToEnd(20).phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.router.weightsOf(2)).containsExactly(250, 1000); // setWeight 50 was skipped
            assertThat(sim.traffic.failedRequests).isZero();
        }
    }

    @Test
    void abortSendsAllTrafficToStableAtOnceThenScalesTheCanaryDown() {
        try (Sim sim = new Sim(dir, 4, CANARY)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 20);
            int applies = sim.router.applied.size();
            ReleaseStatus s = sim.releases.abort(Sim.APP);
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(sim.router.applied).hasSize(applies + 1);
            assertThat(sim.router.applied.getLast()).isEqualTo(AppRoute.single(Sim.APP, "web.local", "/", "stable", 1));
            assertThat(s.rollbackMillis()).isZero();
            assertThat(sim.platform.desired(Sim.APP, 2)).isEqualTo(1);
            sim.settle(6);
            assertThat(sim.platform.desired(Sim.APP, 2)).isZero();
            assertThatThrownBy(() -> sim.releases.abort(Sim.APP)).hasMessageContaining("nothing to abort");
            assertThatThrownBy(() -> sim.releases.promote(Sim.APP, false)).isInstanceOf(LegendsException.class);
            // A new release of the same revision is allowed after an abort.
            sim.releases.start(Sim.APP, "web:2", null);
            assertThat(sim.releases.history(Sim.APP)).extracting(ReleaseSummary::phase).containsExactly(Phase.ABORTED, Phase.PROGRESSING);
        }
    }

    @Test
    void undoGoesBackToThePreviousStableOrToAGivenRevision() {
        try (Sim sim = new Sim(dir, 3, Map.of("canary", Map.of("scaleDownDelaySeconds", 0, "steps", List.of(Map.of("setWeight", 50)))))) {
            sim.releases.start(Sim.APP, "web:2", null);
            assertThat(sim.runToEnd(30).phase()).isEqualTo(Phase.COMPLETED);
            sim.settle(2);

            ReleaseStatus undo = sim.releases.undo(Sim.APP, null);
            assertThat(undo.undo()).isTrue();
            assertThat(undo.revision()).isEqualTo(1);
            assertThat(sim.runToEnd(30).phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.catalog.markedStable).containsExactly(2, 1);
            assertThat(sim.router.applied.getLast().backends()).extracting(AppRoute.Backend::revision).containsExactly(1);
            assertThat(sim.traffic.failedRequests).isZero();

            assertThatThrownBy(() -> sim.releases.undo(Sim.APP, 1)).hasMessageContaining("already stable");
            assertThatThrownBy(() -> sim.releases.undo(Sim.APP, 9)).hasMessageContaining("no revision 9");
            sim.releases.undo(Sim.APP, 2);
            assertThat(sim.runToEnd(30).revision()).isEqualTo(2);
            assertThat(sim.releases.history(Sim.APP)).extracting(ReleaseSummary::revision).containsExactly(2, 1, 2);
        }
    }

    @Test
    void undoDuringAReleaseIsAnAbort() {
        try (Sim sim = new Sim(dir, 2, CANARY)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 20);
            assertThat(sim.releases.undo(Sim.APP, null).phase()).isEqualTo(Phase.ABORTED);
        }
    }

    @Test
    void badInputIsOneClearErrorAndChangesNothing() {
        try (Sim sim = new Sim(dir, 2, Map.of("canary", Map.of("steps", List.of(Map.of("setWeight", 150)))))) {
            assertThatThrownBy(() -> sim.releases.start(Sim.APP, "web:2", null)).hasMessage("spec.strategy.canary.steps[0].setWeight: 150 is outside 0..100");
            assertThat(sim.catalog.revisions(Sim.APP)).hasSize(1);
            assertThatThrownBy(() -> sim.releases.start(Sim.APP, "web:2", "sideways")).hasMessageContaining("unknown strategy 'sideways'");
            assertThatThrownBy(() -> sim.releases.start("nope", "web:2", null)).hasMessage("app nope not found");
            assertThatThrownBy(() -> sim.releases.start(Sim.APP, "web:1", "recreate")).hasMessageContaining("already stable");
            assertThatThrownBy(() -> sim.releases.status(Sim.APP)).hasMessageContaining("no release yet");
            sim.releases.start(Sim.APP, "web:2", "recreate");
            assertThatThrownBy(() -> sim.releases.start(Sim.APP, "web:3", "recreate")).hasMessageContaining("is progressing");
        }
    }

    @Test
    void theFirstRevisionOfAnAppIsStartedAndRouted() {
        try (Sim sim = new Sim(dir.resolve("b"), 2, Map.of())) {
            sim.catalog.put(new dev.legends.workload.port.AppDefinition("fresh", 2, 0, 1, null, "/", 80, Map.of()), "fresh:1");
            sim.releases.startRevision("fresh", 1, null);
            for (int i = 0; i < 10 && sim.releases.status("fresh").phase().active(); i++) {
                sim.tick();
            }
            assertThat(sim.releases.status("fresh").phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.router.current("fresh")).hasValue(AppRoute.single("fresh", null, "/", "stable", 1));
        }
    }

    @Test
    void aNewRevisionAppliedMidReleaseSupersedesIt() {
        try (Sim sim = new Sim(dir, 2, CANARY)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 20);
            sim.catalog.createRevision(Sim.APP, "web:3", "apply");
            ReleaseStatus s = sim.releases.revisionApplied(Sim.APP, 3);
            assertThat(s.revision()).isEqualTo(3);
            assertThat(sim.releases.history(Sim.APP)).extracting(ReleaseSummary::phase).containsExactly(Phase.ABORTED, Phase.PROGRESSING);
            assertThat(sim.releases.history(Sim.APP).getFirst().message()).contains("superseded by revision 3");
            assertThat(sim.releases.revisionApplied(Sim.APP, 3).id()).isEqualTo(s.id()); // applying it again changes nothing
        }
    }

    @Test
    void anAbortWhileTheGatewayIsDownSticksAndRollsBackWhenItReturns() {
        try (Sim sim = new Sim(dir, 2, CANARY)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 20);
            sim.router.down = true;
            ReleaseStatus s = sim.releases.abort(Sim.APP);
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(s.rollbackMillis()).isNull();
            sim.settle(3);
            assertThat(sim.releases.status(Sim.APP).message()).contains("retrying: gateway unavailable");
            sim.router.down = false;
            sim.tick();
            ReleaseStatus after = sim.releases.status(Sim.APP);
            assertThat(after.rollbackMillis()).isEqualTo(4000); // measured from the abort: what users waited
            assertThat(sim.router.applied.getLast()).isEqualTo(AppRoute.single(Sim.APP, "web.local", "/", "stable", 1));
        }
    }

    @Test
    void deletingTheAppEndsItsRelease() {
        try (Sim sim = new Sim(dir, 2, CANARY)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.phase() == Phase.PAUSED, 20);
            sim.catalog.delete(Sim.APP);
            sim.tick();
            ReleaseStatus s = sim.releases.status(Sim.APP);
            assertThat(s.phase()).isEqualTo(Phase.ABORTED);
            assertThat(s.ended()).isTrue();
            int saved = sim.releases.history(Sim.APP).size();
            sim.settle(3);
            assertThat(sim.releases.report(Sim.APP, 2).timeline()).extracting(TimelineEntry::message)
                    .filteredOn(m -> m.contains("deleted")).hasSize(1); // handled once, not on every tick
            assertThat(sim.releases.history(Sim.APP)).hasSize(saved);
        }
    }
}
