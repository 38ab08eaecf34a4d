package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start, stop, kill, exec, logs and delete of real containers. */
@Tag("runc")
class LifecycleTest {
    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void stopEscalatesToSigkillWhenTermIsIgnored() {
        ContainerSpec spec = fx.spec("sh", "-c", "trap '' TERM; sleep 1000").build();
        fx.runtime.run(spec);

        long t0 = System.nanoTime();
        Container stopped = fx.runtime.stop(spec.id(), "TERM", Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(stopped.status()).isInstanceOfSatisfying(ContainerStatus.Exited.class,
                e -> assertThat(e.exitCode()).isEqualTo(137));
        assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(6));
    }

    @Test
    void aPlainSleepStopsOnSigtermWith143UnderInit() {
        // as under docker, a PID 1 without a handler never sees SIGTERM: --init forwards it
        ContainerSpec spec = fx.spec("sleep", "1000").init(true).build();
        fx.runtime.run(spec);

        long t0 = System.nanoTime();
        Container stopped = fx.runtime.stop(spec.id(), null, Duration.ofSeconds(10));

        assertThat(stopped.status()).isInstanceOfSatisfying(ContainerStatus.Exited.class,
                e -> assertThat(e.exitCode()).isEqualTo(143));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void killSendsASignalAndWaitReportsTheExit() {
        ContainerSpec spec = fx.spec("sh", "-c", "trap 'exit 42' USR1; while true; do sleep 0.1; done").build();
        fx.runtime.run(spec);

        fx.runtime.kill(spec.id(), "SIGUSR1");

        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(10))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(42);
        assertThatThrownBy(() -> fx.runtime.kill(spec.id(), "TERM"))
                .isInstanceOf(LegendsException.class).hasMessage("kill " + spec.id() + ": container is not running");
        assertThatThrownBy(() -> fx.runtime.kill(spec.id(), "NOSUCHSIG")).hasMessage("kill " + spec.id() + ": invalid signal NOSUCHSIG");
    }

    @Test
    void execReturnsOutputAndExitCode() {
        ContainerSpec spec = fx.spec("sleep", "1000").env(List.of("GREETING=hello")).build();
        fx.runtime.run(spec);

        ExecResult r = fx.runtime.exec(spec.id(), ExecSpec.of("sh", "-c", "echo $GREETING $EXTRA; pwd; id -u; echo oops >&2; exit 3")
                .withEnv("EXTRA=world").withCwd("/tmp").withUser(User.parse("65534:65534")));

        assertThat(r).isEqualTo(new ExecResult(3, "hello world\n/tmp\n65534\n", "oops\n"));
        ExecResult missing = fx.runtime.exec(spec.id(), ExecSpec.of("nosuch"));
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).isEqualTo("exec: \"nosuch\": executable file not found in $PATH");
        assertThat(fx.runtime.exec(spec.id(), ExecSpec.of("/etc/not-a-program")).exitCode()).isEqualTo(126);
    }

    @Test
    void logsHaveTimestampsAndBothStreamsAndCanBeFollowed() throws InterruptedException {
        Instant before = Instant.now();
        ContainerSpec spec = fx.spec("sh", "-c", "echo one; echo two >&2; sleep 0.5; echo three; printf 'no newline'").build();
        List<LogLine> followed = new CopyOnWriteArrayList<>();
        fx.runtime.create(spec);
        try (ContainerRuntime.LogFollower f = fx.runtime.followLogs(spec.id(), followed::add)) {
            fx.runtime.start(spec.id());
            assertThat(f.awaitEnd(Duration.ofSeconds(10))).isTrue();
        }

        List<LogLine> logs = fx.runtime.logs(spec.id());
        assertThat(logs).extracting(LogLine::stream, LogLine::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LogLine.Stream.STDOUT, "one"),
                org.assertj.core.groups.Tuple.tuple(LogLine.Stream.STDERR, "two"),
                org.assertj.core.groups.Tuple.tuple(LogLine.Stream.STDOUT, "three"),
                org.assertj.core.groups.Tuple.tuple(LogLine.Stream.STDOUT, "no newline"));
        assertThat(logs).allSatisfy(l -> assertThat(l.time()).isBetween(before, Instant.now()));
        assertThat(logs.get(2).time()).isAfter(logs.get(0).time().plusMillis(400));
        assertThat(followed).isEqualTo(logs);
    }

    @Test
    void commandNotFoundIs127WithAClearMessageAndLeavesNothingRunning() throws IOException {
        ContainerSpec spec = fx.spec("nosuch").build();

        assertThatThrownBy(() -> fx.runtime.run(spec))
                .isInstanceOf(LegendsException.class)
                .hasMessage("run " + spec.id() + ": runc create: exec: \"nosuch\": executable file not found in $PATH")
                .extracting(e -> ((LegendsException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);

        assertThat(fx.runtime.state(spec.id()).status()).isInstanceOfSatisfying(ContainerStatus.Exited.class, e -> {
            assertThat(e.exitCode()).isEqualTo(127);
            assertThat(e.error()).contains("executable file not found");
        });
        assertThat(fx.runcKnows(spec.id())).isFalse();
        assertThat(RuntimeFixture.cgroupDirs(spec.id())).isEmpty();
        assertThat(fx.runtime.inspect(spec.id()).monitorPid()).isEqualTo(-1);
    }

    @Test
    void aTerminalContainerWritesThroughAPty() {
        ContainerSpec spec = fx.spec("sh", "-c", "tty; echo hi").terminal(true).build();
        fx.runtime.run(spec);

        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(10))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(0);
        assertThat(fx.runtime.logs(spec.id())).extracting(LogLine::text).containsExactly("/dev/pts/0", "hi");
    }

    @Test
    void aFileThatCannotBeExecutedIs126() {
        ContainerSpec spec = fx.spec("/etc/not-a-program").build();

        assertThatThrownBy(() -> fx.runtime.run(spec)).hasMessageContaining("permission denied");
        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(1))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(126);
    }

    @Test
    void deleteLeavesNothingBehind() throws IOException {
        ContainerSpec spec = fx.spec("sleep", "1000").resources(Resources.NONE.withMemory(32 << 20)).name("web").build();
        fx.runtime.run(spec);
        Inspection in = fx.runtime.inspect("web");
        assertThat(in.monitorPid()).isPositive();
        assertThat(RuntimeFixture.cgroupDirs(spec.id())).isNotEmpty();

        assertThatThrownBy(() -> fx.runtime.delete("web", false))
                .hasMessage("delete web: container is running: stop it first or force the delete");
        fx.runtime.delete("web", true);

        assertThat(fx.runcKnows(spec.id())).isFalse();
        assertThat(RuntimeFixture.cgroupDirs(spec.id())).isEmpty();
        assertThat(ProcFs.alive(in.monitorPid())).isFalse();
        assertThat(ProcFs.alive(in.pid())).isFalse();
        assertThat(in.bundle()).doesNotExist();
        assertThat(fx.stateDir.resolve("containers").resolve(spec.id())).doesNotExist();
        assertThat(fx.stateDir.resolve("exits").resolve(spec.id())).doesNotExist();
        assertThat(fx.stateDir.resolve("attach").resolve(spec.id())).doesNotExist();
        assertThat(fx.runtime.list()).isEmpty();
        assertThatThrownBy(() -> fx.runtime.state("web")).hasMessage("state web: no such container");
    }

    @Test
    void anExitedContainerCanBeStartedAgain() {
        ContainerSpec spec = fx.spec("sh", "-c", "echo run; exit 5").build();
        fx.runtime.run(spec);
        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(10))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(5);

        fx.runtime.start(spec.id());

        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(10))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(5);
        assertThat(fx.runtime.logs(spec.id())).extracting(LogLine::text).containsExactly("run", "run");
    }

    @Test
    void badInputIsOneClearErrorAndLeavesNothing() throws IOException {
        fx.runtime.create(fx.spec("true").name("taken").build());
        String id = fx.newId();
        ContainerSpec.Builder base = ContainerSpec.builder(id, fx.rootfs).args("true");
        Path missing = fx.tmp.resolve("missing");

        assertRefused(base.resources(Resources.NONE.withMemory(4 << 20)).build(), ErrorKind.INVALID_ARGUMENT,
                "create " + id + ": memory limit 4194304 bytes is too small: the minimum is 6MB");
        base.resources(Resources.NONE);
        assertRefused(ContainerSpec.builder(id, fx.rootfs).args("true").mount(Mount.bind(missing, "/data", false)).build(),
                ErrorKind.INVALID_ARGUMENT, "create " + id + ": bind mount source path does not exist: " + missing);
        assertRefused(ContainerSpec.builder(id, fx.rootfs).args("true").mount(Mount.tmpfs("data", 0)).build(),
                ErrorKind.INVALID_ARGUMENT, "create " + id + ": mount destination \"data\" must be an absolute path other than /");
        assertRefused(ContainerSpec.builder(id, fx.rootfs).args("true").name("taken").build(),
                ErrorKind.ALREADY_EXISTS, "create taken: name taken is already in use by container ");
        assertRefused(ContainerSpec.builder(id, fx.rootfs).args("true")
                        .namespace(NamespaceType.NETWORK, Namespace.join(Path.of("/proc/999999999/ns/net"))).build(),
                ErrorKind.INVALID_ARGUMENT, "create " + id + ": cannot join network namespace /proc/999999999/ns/net");
        assertThatThrownBy(() -> fx.runtime.start("nosuch-id"))
                .isInstanceOf(LegendsException.class).hasMessage("start nosuch-id: no such container")
                .extracting(e -> ((LegendsException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);

        String taken = fx.runtime.state("taken").id();
        assertRefused(ContainerSpec.builder(taken, fx.rootfs).args("true").name("other").build(),
                ErrorKind.ALREADY_EXISTS, "create other: container id " + taken + " already exists");
    }

    private void assertRefused(ContainerSpec spec, ErrorKind kind, String messageStart) throws IOException {
        assertThatThrownBy(() -> fx.runtime.create(spec))
                .isInstanceOf(LegendsException.class)
                .hasMessageStartingWith(messageStart)
                .extracting(e -> ((LegendsException) e).kind()).isEqualTo(kind);
        if (!spec.name().equals("other")) {
            assertThat(fx.stateDir.resolve("containers").resolve(spec.id())).doesNotExist();
        }
        assertThat(RuntimeFixture.cgroupDirs(spec.id())).isEmpty();
        assertThat(fx.runcKnows(spec.id())).isFalse();
        try (var s = Files.list(fx.stateDir.resolve("containers"))) {
            assertThat(s.count()).isEqualTo(1); // only "taken"
        }
    }
}
