package dev.legends.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.runtime.ContainerStatus;
import dev.legends.runtime.LogLine;
import dev.legends.store.Event;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cgroup limits as the kernel enforces them, and restart policies as docker applies them. */
@Tag("runc")
class ResourcesAndRestartTest {
    @TempDir
    Path tmp;

    EngineFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void aMemoryHogIsOomKilledAndReportedSo() {
        // /dev/shm is a tmpfs: its pages are charged to the container's memory cgroup
        ContainerInfo c = fx.run(EngineFixture.busybox("dd", "if=/dev/zero", "of=/dev/shm/x", "bs=1M", "count=64").memory(16L << 20));

        ContainerStatus.Exited exit = fx.containers().wait(c.id(), Duration.ofSeconds(20)).orElseThrow();
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(exit.oomKilled()).isTrue();
        ContainerInfo after = fx.containers().get(c.id());
        assertThat(after.oomKilled()).isTrue();
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        EngineFixture.await().until(() -> fx.store.events().tail(20).stream().map(Event::message)
                .anyMatch(m -> m.equals("died (exit code 137, OOM killed)")));
    }

    @Test
    void onFailure2RestartsExactlyTwiceWithBackoff() throws Exception {
        ContainerInfo c = fx.run(EngineFixture.busybox("sh", "-c", "echo run; exit 3").restart("on-failure:2"));

        EngineFixture.await().until(() -> fx.containers().get(c.id()).restartCount() == 2
                && fx.containers().get(c.id()).state() == ContainerState.EXITED);
        Thread.sleep(1500); // a third restart would come within 400 ms
        ContainerInfo after = fx.containers().get(c.id());
        assertThat(after.restartCount()).isEqualTo(2);
        assertThat(after.exitCode()).isEqualTo(3);
        assertThat(fx.containers().logs(c.id())).extracting(LogLine::text).containsExactly("run", "run", "run");
        assertThat(fx.store.events().tail(50).stream().filter(e -> e.object().equals(c.name())).map(Event::message))
                .filteredOn(m -> m.startsWith("restarting")).hasSize(2);
    }

    @Test
    void aContainerItsUserStoppedIsNotRestarted() throws Exception {
        ContainerInfo c = fx.run(EngineFixture.busybox("sleep", "1000").restart("always").init(true));
        ContainerInfo flaky = fx.run(EngineFixture.busybox("sh", "-c", "sleep 0.2; exit 1").restart("always"));

        ContainerInfo stopped = fx.containers().stop(c.name(), Duration.ofSeconds(5));
        assertThat(stopped.exitCode()).isEqualTo(143); // catatonit forwarded SIGTERM to sleep
        EngineFixture.await().until(() -> fx.containers().get(flaky.id()).restartCount() >= 2);
        Thread.sleep(500);
        assertThat(fx.containers().get(c.id()).state()).isEqualTo(ContainerState.EXITED);
        assertThat(fx.containers().get(c.id()).restartCount()).isZero();

        ContainerInfo again = fx.containers().start(c.id());
        assertThat(again.state()).isEqualTo(ContainerState.RUNNING);
        fx.containers().kill(c.id(), null);
        Thread.sleep(500);
        assertThat(fx.containers().get(c.id()).state()).isEqualTo(ContainerState.EXITED);
        assertThat(fx.containers().get(c.id()).exitCode()).isEqualTo(137);
    }
}
