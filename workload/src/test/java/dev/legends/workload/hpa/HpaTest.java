package dev.legends.workload.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The autoscaling algorithm against Kubernetes' documented behaviour, with hand-computed numbers. */
class HpaTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(15);
    private static final MetricTarget CPU50 = MetricTarget.cpuPercent(50);
    private final ReplicaCalculator calc = new ReplicaCalculator(0.1, Duration.ZERO, Duration.ofSeconds(30));

    private static PodSample ready(String name, Double value) {
        return new PodSample(name, true, true, T0.minusSeconds(600), T0.minusSeconds(590), value);
    }

    private static PodSample pending(String name) {
        return new PodSample(name, false, false, null, null, null);
    }

    private static List<PodSample> readyAt(double... values) {
        List<PodSample> l = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            l.add(ready("p" + i, values[i]));
        }
        return l;
    }

    private int desired(int current, List<PodSample> pods) {
        OptionalInt d = calc.desired(current, pods, CPU50, T0, WINDOW);
        assertThat(d).isPresent();
        return d.getAsInt();
    }

    @Test
    void desiredIsCeilOfCurrentTimesRatio() {
        assertThat(desired(3, readyAt(56, 56, 56))).isEqualTo(4); // 3 × 1.12 = 3.36
        assertThat(desired(4, readyAt(20, 20, 20, 20))).isEqualTo(2); // 4 × 0.4 = 1.6
        assertThat(desired(2, readyAt(100, 100))).isEqualTo(4);
        assertThat(desired(1, readyAt(1000))).isEqualTo(20);
    }

    @Test
    void withinTheToleranceNothingChanges() {
        assertThat(desired(3, readyAt(55, 55, 55))).isEqualTo(3); // ratio 1.10
        assertThat(desired(3, readyAt(45, 45, 45))).isEqualTo(3); // ratio 0.90
        assertThat(desired(3, readyAt(44, 44, 44))).isEqualTo(3); // 3 × 0.88 = 2.64 → 3
        assertThat(desired(5, readyAt(44, 44, 44, 44, 44))).isEqualTo(5); // 4.4 → 5
        assertThat(desired(10, readyAt(44, 44, 44, 44, 44, 44, 44, 44, 44, 44))).isEqualTo(9); // 8.8 → 9
    }

    @Test
    void missingMetricsCountAsTheTargetOnScaleDownAndAsNothingOnScaleUp() {
        List<PodSample> down = new ArrayList<>(readyAt(10, 10, 10));
        down.add(ready("new", null));
        // (30 + 50) / 4 / 50 = 0.4 → ceil(1.6) = 2 (without the missing pod it would be ceil(0.6) = 1)
        assertThat(desired(4, down)).isEqualTo(2);

        List<PodSample> up = new ArrayList<>(readyAt(100, 100));
        up.add(ready("a", null));
        up.add(ready("b", null));
        // (200 + 0) / 4 / 50 = 1.0: within tolerance, so no scale-up on half the evidence
        assertThat(desired(4, up)).isEqualTo(4);

        List<PodSample> up2 = new ArrayList<>(readyAt(150, 150));
        up2.add(ready("a", null));
        // 300 / 3 / 50 = 2.0 → 6
        assertThat(desired(3, up2)).isEqualTo(6);
    }

    @Test
    void unreadyPodsCountAsNothingOnlyWhenScalingUp() {
        List<PodSample> up = new ArrayList<>(readyAt(90, 90));
        up.add(pending("starting"));
        // 180 / 3 / 50 = 1.2 → ceil(3.6) = 4
        assertThat(desired(3, up)).isEqualTo(4);

        List<PodSample> down = new ArrayList<>(readyAt(10, 10));
        down.add(pending("starting"));
        // unready pods are left out of a scale-down: 2 × 0.2 = 0.4 → 1
        assertThat(desired(3, down)).isEqualTo(1);
    }

    @Test
    void aResultThatWouldReverseTheDirectionIsDropped() {
        List<PodSample> pods = new ArrayList<>(readyAt(60));
        pods.add(pending("a"));
        pods.add(pending("b"));
        // ratio 1.2 says up, but with the two unready as zero it is 0.4: keep the current count
        assertThat(desired(3, pods)).isEqualTo(3);
    }

    @Test
    void cpuOfPodsStillInitializingIsNotTrusted() {
        ReplicaCalculator warm = new ReplicaCalculator(0.1, Duration.ofMinutes(5), Duration.ofSeconds(30));
        PodSample young = new PodSample("young", true, true, T0.minusSeconds(20), T0.minusSeconds(5), 500.0);
        List<PodSample> pods = List.of(ready("old", 50.0), young);
        // the young pod became ready 5 s ago, within the sample window: its 500% is ignored, and it
        // counts as unready; 50% alone is at target, so nothing changes
        assertThat(warm.desired(2, pods, CPU50, T0, WINDOW)).hasValue(2);
        // a requests-per-second metric has no such rule: (50 + 500) / 2 / 50 = 5.5 → 11
        assertThat(warm.desired(2, pods, MetricTarget.perPod("rps", 50), T0, WINDOW)).hasValue(11);
    }

    @Test
    void noReadyPodWithASampleMeansNoRecommendation() {
        assertThat(calc.desired(2, List.of(ready("a", null), pending("b")), CPU50, T0, WINDOW)).isEmpty();
        Hpa hpa = new Hpa(1, 10, Behavior.defaults(), calc);
        Hpa.Decision d = hpa.decide(2, List.of(new Hpa.Input(CPU50, List.of(ready("a", null)))), T0, WINDOW);
        assertThat(d.changes()).isFalse();
        assertThat(d.reason()).contains("no metrics");
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindow() {
        Hpa hpa = new Hpa(1, 10, Behavior.defaults(), calc);
        List<Hpa.Input> low = List.of(new Hpa.Input(CPU50, readyAt(10, 10, 10, 10)));
        assertThat(hpa.decide(4, low, T0, WINDOW).desired()).isEqualTo(4);
        assertThat(hpa.decide(4, low, T0.plusSeconds(150), WINDOW).desired()).isEqualTo(4);
        // 300 s after the last recommendation of 4, the highest in the window is 1
        assertThat(hpa.decide(4, low, T0.plusSeconds(301), WINDOW).desired()).isEqualTo(1);
    }

    @Test
    void aSpikeWithinTheDownWindowKeepsTheHighestRecommendation() {
        Hpa hpa = new Hpa(1, 10, Behavior.withWindows(0, 60), calc);
        assertThat(hpa.decide(4, List.of(new Hpa.Input(CPU50, readyAt(50, 50, 50, 50))), T0, WINDOW).desired()).isEqualTo(4);
        Hpa.Decision d = hpa.decide(4, List.of(new Hpa.Input(CPU50, readyAt(10, 10, 10, 10))), T0.plusSeconds(30), WINDOW);
        assertThat(d.desired()).isEqualTo(4);
        assertThat(d.reason()).contains("stabilization");
        assertThat(hpa.decide(4, List.of(new Hpa.Input(CPU50, readyAt(10, 10, 10, 10))), T0.plusSeconds(61), WINDOW).desired()).isEqualTo(1);
    }

    @Test
    void scaleUpWindowTakesTheLowestRecommendation() {
        Hpa hpa = new Hpa(1, 10, Behavior.withWindows(60, 0), calc);
        assertThat(hpa.decide(2, List.of(new Hpa.Input(CPU50, readyAt(50, 50))), T0, WINDOW).desired()).isEqualTo(2);
        List<Hpa.Input> high = List.of(new Hpa.Input(CPU50, readyAt(125, 125)));
        assertThat(hpa.decide(2, high, T0.plusSeconds(10), WINDOW).desired()).isEqualTo(2);
        assertThat(hpa.decide(2, high, T0.plusSeconds(61), WINDOW).desired()).isEqualTo(5);
    }

    @Test
    void scaleUpRateIsFourPodsOrDoubleEveryFifteenSeconds() {
        Hpa hpa = new Hpa(1, 50, Behavior.defaults(), calc);
        List<Hpa.Input> huge = List.of(new Hpa.Input(CPU50, readyAt(500, 500)));
        Hpa.Decision d = hpa.decide(2, huge, T0, WINDOW);
        assertThat(d.desired()).isEqualTo(6); // max(2 × 2, 2 + 4)
        hpa.recorded(2, 6, T0);
        // within the same 15 s period the budget is spent
        assertThat(hpa.decide(6, List.of(new Hpa.Input(CPU50, readyAt(500, 500, 500, 500, 500, 500))), T0.plusSeconds(5), WINDOW)
                .desired()).isEqualTo(6);
        // a new period: max(6 × 2, 6 + 4) = 12
        assertThat(hpa.decide(6, List.of(new Hpa.Input(CPU50, readyAt(500, 500, 500, 500, 500, 500))), T0.plusSeconds(16), WINDOW)
                .desired()).isEqualTo(12);
    }

    @Test
    void boundsAreCorrectedAtOnceAndRespected() {
        Hpa hpa = new Hpa(2, 5, Behavior.withWindows(0, 0), calc);
        assertThat(hpa.decide(8, List.of(), T0, WINDOW)).isEqualTo(new Hpa.Decision(8, 5, "above the maximum"));
        assertThat(hpa.decide(1, List.of(), T0, WINDOW)).isEqualTo(new Hpa.Decision(1, 2, "below the minimum"));
        assertThat(hpa.decide(3, List.of(new Hpa.Input(CPU50, readyAt(5, 5, 5))), T0, WINDOW).desired()).isEqualTo(2);
        assertThat(hpa.decide(3, List.of(new Hpa.Input(CPU50, readyAt(500, 500, 500))), T0.plusSeconds(100), WINDOW).desired()).isEqualTo(5);
        assertThat(hpa.decide(0, List.of(new Hpa.Input(CPU50, readyAt(500))), T0, WINDOW).changes()).isFalse();
    }

    @Test
    void theHighestMetricWinsButAMissingOneBlocksScaleDown() {
        Hpa hpa = new Hpa(1, 10, Behavior.withWindows(0, 0), calc);
        MetricTarget rps = MetricTarget.perPod("rps", 10);
        Hpa.Decision d = hpa.decide(2, List.of(new Hpa.Input(CPU50, readyAt(50, 50)), new Hpa.Input(rps, readyAt(30, 30))), T0, WINDOW);
        assertThat(d.desired()).isEqualTo(6);
        Hpa.Decision blocked = hpa.decide(4, List.of(new Hpa.Input(CPU50, readyAt(5, 5, 5, 5)),
                new Hpa.Input(rps, List.of(ready("a", null)))), T0.plusSeconds(100), WINDOW);
        assertThat(blocked.changes()).isFalse();
        assertThat(blocked.reason()).contains("missing");
    }
}
