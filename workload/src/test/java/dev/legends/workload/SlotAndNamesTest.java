package dev.legends.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlotAndNamesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final WorkloadConfig CONFIG = WorkloadConfig.defaults(); // 10 s doubling to 5 min, reset after 10 min

    @Test
    void podNamesCarryAppRevisionAndOrdinal() {
        assertThat(PodNames.parse("web-r3-0")).contains(new PodNames("web", 3, 0));
        assertThat(PodNames.parse("my-r2-app-r12-7")).contains(new PodNames("my-r2-app", 12, 7));
        assertThat(PodNames.parse("brave_turing")).isEmpty();
        assertThat(new PodNames("web", 3, 1).container()).isEqualTo("web-r3-1-app");
    }

    @Test
    void crashBackOffIsImmediateThenDoublesToTheCapAndResetsAfterALongRun() {
        Slot s = new Slot();
        Duration quick = Duration.ofSeconds(1);
        assertThat(s.exited(T0, quick, T0, CONFIG, "exit 1")).isTrue();
        assertThat(s.due(T0)).isTrue(); // the first restart at once
        assertThat(s.exited(T0, quick, T0, CONFIG, "exit 1")).as("the same exit counts once").isFalse();
        s.exited(T0.plusSeconds(1), quick, T0, CONFIG, "exit 1");
        assertThat(s.notBefore()).isEqualTo(T0.plusSeconds(10));
        s.exited(T0.plusSeconds(2), quick, T0, CONFIG, "exit 1");
        assertThat(s.notBefore()).isEqualTo(T0.plusSeconds(20));
        for (int i = 3; i < 12; i++) {
            s.exited(T0.plusSeconds(i), quick, T0, CONFIG, "exit 1");
        }
        assertThat(s.notBefore()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        s.exited(T0.plusSeconds(100), Duration.ofMinutes(11), T0, CONFIG, "exit 1");
        assertThat(s.due(T0)).as("a run of 10 minutes or more starts the back-off afresh").isTrue();
    }
}
