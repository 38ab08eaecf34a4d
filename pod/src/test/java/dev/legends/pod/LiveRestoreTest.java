package dev.legends.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.runtime.LogLine;
import dev.legends.store.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new engine on the same root (a daemon started again after kill -9) adopts what the old one left. */
@Tag("runc")
class LiveRestoreTest {
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
    void runningContainersAreAdoptedExitsMeanwhileAreSeenAndRestartPoliciesResume() throws Exception {
        ContainerInfo running = fx.run(EngineFixture.busybox("sleep", "1000").name("long"));
        fx.run(EngineFixture.busybox("sh", "-c", "sleep 0.5; echo bye; exit 3").name("short"));
        fx.run(EngineFixture.busybox("sh", "-c", "sleep 0.5; echo attempt; exit 4").name("retry").restart("on-failure:1"));
        fx.pods().create(PodSpec.named("pod1"));
        ContainerInfo member = fx.run(EngineFixture.busybox("sleep", "1000").pod("pod1").name("member"));

        fx.engine.close(); // no daemon now: the monitors keep the containers
        fx.engine = null;
        Thread.sleep(1500);
        fx.engine = fx.open();

        Map<String, ContainerInfo> found = fx.containers().list(true).stream()
                .collect(Collectors.toMap(ContainerInfo::name, Function.identity()));
        assertThat(found.get("long").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(found.get("long").pid()).isEqualTo(running.pid());
        assertThat(found.get("member").pid()).isEqualTo(member.pid());
        assertThat(found.get("short").state()).isEqualTo(ContainerState.EXITED);
        assertThat(found.get("short").exitCode()).isEqualTo(3);
        assertThat(fx.containers().logs("short")).extracting(LogLine::text).containsExactly("bye");
        assertThat(fx.pods().inspect("pod1").pod().state()).isEqualTo(PodState.RUNNING);
        assertThat(fx.containers().exec("long", List.of("echo", "adopted"), null, null, null).stdout()).isEqualTo("adopted\n");

        // the restart policy of "retry" resumes: its exit happened while no engine watched
        EngineFixture.await().until(() -> fx.containers().get("retry").restartCount() == 1
                && fx.containers().get("retry").state() == ContainerState.EXITED);
        assertThat(fx.containers().logs("retry")).extracting(LogLine::text).containsExactly("attempt", "attempt");
        EngineFixture.await().until(() -> fx.store.events().tail(50).stream()
                .anyMatch(e -> e.object().equals("short") && e.message().equals("died (exit code 3)")));
        assertThat(fx.store.events().tail(100).stream().map(Event::message).filter(m -> m.startsWith("died"))).hasSize(3);
    }
}
