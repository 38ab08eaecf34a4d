package dev.legends.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.workload.port.VersionMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgeTest {
    private static final List<Double> BOUNDS = List.of(10.0, 20.0, 50.0, 100.0);
    private static final AnalysisSpec.JudgeSpec SPEC = new AnalysisSpec.JudgeSpec(List.of(Judge.LATENCY, Judge.ERRORS), 80, 60,
            Duration.ofSeconds(60), 1, 0.05, 0.1);

    private static VersionMetrics m(long requests, long errors, Long... counts) {
        return new VersionMetrics("web", 1, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), requests, errors, BOUNDS, List.of(counts));
    }

    @Test
    void samplesAreRebuiltAtBucketMidpointsWithTheOverflowAtItsLowerBound() {
        double[] s = Judge.latencySamples(m(4, 0, 1L, 1L, 0L, 0L, 2L));
        assertThat(s).containsExactly(5.0, 15.0, 100.0, 100.0);
    }

    @Test
    void aSlowerCanaryScoresHalfAndFails() {
        Judge.Verdict v = Judge.judge(SPEC, m(1000, 0, 100L, 200L, 600L, 100L, 0L), m(1000, 0, 500L, 400L, 100L, 0L, 0L));
        assertThat(v.metrics()).extracting(Judge.MetricScore::classification).containsExactly("High", "Pass");
        assertThat(v.score()).isEqualTo(50.0);
        assertThat(v.outcome()).isEqualTo(Judge.Outcome.FAIL);
    }

    @Test
    void moreErrorsIsHighAndEqualTrafficPasses() {
        Judge.Verdict worse = Judge.judge(SPEC, m(2000, 100, 2000L, 0L, 0L, 0L, 0L), m(2000, 2, 2000L, 0L, 0L, 0L, 0L));
        assertThat(worse.metrics().get(1).classification()).isEqualTo("High");
        Judge.Verdict same = Judge.judge(SPEC, m(1000, 1, 500L, 500L, 0L, 0L, 0L), m(1000, 1, 500L, 500L, 0L, 0L, 0L));
        assertThat(same.outcome()).isEqualTo(Judge.Outcome.PASS);
        assertThat(same.score()).isEqualTo(100.0);
    }

    @Test
    void aFasterCanaryIsLowAndStillPasses() {
        Judge.Verdict v = Judge.judge(SPEC, m(1000, 0, 900L, 100L, 0L, 0L, 0L), m(1000, 0, 100L, 900L, 0L, 0L, 0L));
        assertThat(v.metrics().getFirst().classification()).isEqualTo("Low");
        assertThat(v.outcome()).isEqualTo(Judge.Outcome.PASS);
    }

    @Test
    void noDataIsNeverAPass() {
        Judge.Verdict v = Judge.judge(SPEC, m(0, 0, 0L, 0L, 0L, 0L, 0L), m(1000, 0, 500L, 500L, 0L, 0L, 0L));
        assertThat(v.outcome()).isEqualTo(Judge.Outcome.NO_DATA);
    }
}
