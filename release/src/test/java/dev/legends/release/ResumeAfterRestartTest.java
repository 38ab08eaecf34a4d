package dev.legends.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A controller made again on the same SQLite file carries on at the step the release had reached. */
class ResumeAfterRestartTest {
    @TempDir
    Path dir;

    @Test
    void aCanaryResumesItsStepAfterTheControllerIsRecreated() {
        Map<String, Object> canary = Map.of("canary", Map.of("steps", List.of(
                Map.of("setWeight", 20),
                Map.of("pause", Map.of("duration", "30s")),
                Map.of("setWeight", 50),
                Map.of("analysis", Map.of("metrics", List.of(Map.of("metric", "successRate", "successCondition", "result >= 0.99",
                        "interval", "10s", "count", 3)))),
                Map.of("pause", Map.of()))));
        try (Sim sim = new Sim(dir, 5, canary)) {
            sim.releases.start(Sim.APP, "web:2", null);
            sim.runUntil(s -> s.step() == 1, 20);
            sim.settle(10);

            sim.restart(); // in the middle of the 30 s pause
            ReleaseStatus after = sim.releases.status(Sim.APP);
            assertThat(after.step()).isEqualTo(1);
            assertThat(after.phase()).isEqualTo(Phase.PROGRESSING);
            int ticksBefore = sim.ticks;
            sim.runUntil(s -> s.step() >= 2, 40);
            assertThat(sim.ticks - ticksBefore).isBetween(18, 22); // the pause's remaining ~20 s, not 30 again

            sim.runUntil(s -> s.analysis() != null && s.analysis().metrics().getFirst().measurements() == 1, 30);
            sim.restart(); // in the middle of an analysis: its measurements survive
            ReleaseStatus mid = sim.releases.status(Sim.APP);
            assertThat(mid.analysis().metrics().getFirst().measurements()).isEqualTo(1);

            ReleaseStatus paused = sim.runUntil(s -> s.phase() == Phase.PAUSED, 40);
            assertThat(paused.step()).isEqualTo(4);
            sim.restart();
            assertThat(sim.releases.status(Sim.APP).phase()).isEqualTo(Phase.PAUSED);
            sim.releases.promote(Sim.APP, false);
            assertThat(sim.runToEnd(30).phase()).isEqualTo(Phase.COMPLETED);
            assertThat(sim.router.weightsOf(2)).containsExactly(200, 500, 1000);
            assertThat(sim.traffic.failedRequests).isZero();
            assertThat(sim.releases.report(Sim.APP, 2).timeline()).extracting(TimelineEntry::message)
                    .contains("completed: revision 2 is stable");
        }
    }
}
