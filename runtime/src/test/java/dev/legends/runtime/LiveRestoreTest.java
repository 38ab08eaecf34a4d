package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A new runtime on the same state directory finds every container as the old one left it. */
@Tag("runc")
class LiveRestoreTest {
    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void aNewRuntimeAdoptsRunningContainersAndSeesExitsThatHappenedMeanwhile() {
        ContainerSpec longRunning = fx.spec("sleep", "1000").name("long").build();
        ContainerSpec shortLived = fx.spec("sh", "-c", "sleep 0.5; echo bye; exit 7").name("short").build();
        ContainerSpec idle = fx.spec("true").name("idle").build();
        ContainerRuntime old = fx.runtime;
        long pid = old.run(longRunning).pid();
        old.run(shortLived);
        old.create(idle);
        long monitor = old.inspect("long").monitorPid();

        // the monitor is no child of ours and not in our session: a daemon's death does not reach it
        long self = ProcessHandle.current().pid();
        assertThat(ProcFs.parent(monitor).orElseThrow()).isNotEqualTo(self);
        assertThat(ProcFs.session(monitor).orElseThrow()).isNotEqualTo(ProcFs.session(self).orElseThrow());

        old.close();
        fx.runtime = null;
        sleepMillis(1500); // "short" exits while no runtime is looking

        fx.runtime = ContainerRuntime.open(fx.stateDir);
        Map<String, Container> found = fx.runtime.list().stream().collect(Collectors.toMap(Container::name, Function.identity()));

        assertThat(found.keySet()).containsExactlyInAnyOrder("long", "short", "idle");
        assertThat(found.get("long").status()).isInstanceOfSatisfying(ContainerStatus.Running.class,
                r -> assertThat(r.pid()).isEqualTo(pid));
        assertThat(found.get("short").status()).isInstanceOfSatisfying(ContainerStatus.Exited.class, e -> {
            assertThat(e.exitCode()).isEqualTo(7);
            assertThat(e.finishedAt()).isNotNull();
        });
        assertThat(found.get("idle").status()).isInstanceOf(ContainerStatus.Created.class);
        assertThat(fx.runtime.logs("short")).extracting(LogLine::text).containsExactly("bye");
        assertThat(fx.runtime.exec("long", ExecSpec.of("echo", "adopted")).stdout()).isEqualTo("adopted\n");
        assertThat(fx.runtime.stop("long", "KILL", Duration.ofSeconds(5)).status())
                .isInstanceOfSatisfying(ContainerStatus.Exited.class, e -> assertThat(e.exitCode()).isEqualTo(137));
    }

    @Test
    void aContainerOutlivesADaemonKilledWithSigkill() throws Exception {
        String id = fx.newId();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process daemon = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                DaemonStub.class.getName(), fx.stateDir.toString(), fx.rootfs.toString(), id)
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("started")) {
                // skip the JVM's and SLF4J's chatter
            }
            assertThat(line).as("the stub daemon started its container").isEqualTo("started");
        }

        daemon.destroyForcibly(); // SIGKILL
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
        sleepMillis(300);

        Container c = fx.runtime.state(id);
        assertThat(c.isRunning()).isTrue();
        assertThat(fx.runtime.exec(id, ExecSpec.of("echo", "still here")).stdout()).isEqualTo("still here\n");
        fx.runtime.kill(id, "KILL");
        assertThat(fx.runtime.wait(id, Duration.ofSeconds(10))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(137);
        assertThat(fx.runtime.logs(id)).extracting(LogLine::text).isEqualTo(List.of("before"));
    }

    @Test
    void aContainerStartedByADaemonKilledBeforeItRecordedTheStartIsAdopted() {
        ContainerSpec spec = fx.spec("sleep", "1000").build();
        fx.runtime.create(spec);
        // the launch alone, as a daemon killed right after it leaves it: running, not recorded
        RuntimeConfig config = RuntimeConfig.defaults(fx.stateDir);
        StateDir state = new StateDir(fx.stateDir);
        Monitors.Created launched = new Monitors(config.conmon(), MonitorBinary.install(config.binDir()), new Runc(config.runc(), state.runcRoot()), state).launch(spec.id(), new Monitors.Options(false, false, 0));
        long pid = ((Monitors.Created.Pid) launched).pid();

        fx.runtime.close();
        fx.runtime = ContainerRuntime.open(fx.stateDir);

        // runc knows it runs; when it started was never recorded
        assertThat(fx.runtime.state(spec.id()).status()).isEqualTo(new ContainerStatus.Running(pid, null));
        assertThat(fx.runtime.start(spec.id()).status()).isEqualTo(new ContainerStatus.Running(pid, null));
        assertThat(fx.runtime.exec(spec.id(), ExecSpec.of("echo", "adopted")).stdout()).isEqualTo("adopted\n");
        assertThat(fx.runtime.stop(spec.id(), "KILL", Duration.ofSeconds(5)).status())
                .isInstanceOfSatisfying(ContainerStatus.Exited.class, e -> assertThat(e.exitCode()).isEqualTo(137));
    }

    @Test
    void aStartCutShortBeforeTheMonitorTookOverIsRedoneUnderAMonitor() throws Exception {
        // what a daemon and its monitor killed during a start leave: runc's container created, and
        // nobody to record its exit; starting it as it is would lose the exit code
        ContainerSpec spec = fx.spec("sh", "-c", "echo ran; exit 3").build();
        fx.runtime.create(spec);
        Path dir = fx.stateDir.resolve("containers").resolve(spec.id());
        Process create = new ProcessBuilder("/usr/sbin/runc", "--root", fx.stateDir.resolve("runc").toString(),
                "create", "--bundle", dir.resolve("bundle").toString(), spec.id())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(create.waitFor()).isZero();
        java.nio.file.Files.createFile(dir.resolve("sync"));

        fx.runtime.close();
        fx.runtime = ContainerRuntime.open(fx.stateDir);
        fx.runtime.start(spec.id());

        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(10))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(3);
        assertThat(fx.runtime.logs(spec.id())).extracting(LogLine::text).containsExactly("ran");
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
