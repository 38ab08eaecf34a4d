package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * legends-monitor, the static monitor of containers without a terminal or stdin: that it is the
 * one chosen, and that it leaves the files the daemon reads as conmon would (log, exit, oom).
 */
@Tag("runc")
class MonitorTest {
    private static final long MB = 1024 * 1024;

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    private StateDir.ContainerPaths paths(String id) {
        return new StateDir(fx.stateDir).container(id);
    }

    private String monitorCommand(String id) {
        long pid = ProcFs.readPid(paths(id).monitorPidFile()).orElseThrow();
        return ProcFs.cmdline(pid);
    }

    @Test
    void aPlainContainerRunsUnderLegendsMonitorAndOneWithStdinUnderConmon() throws IOException {
        ContainerSpec plain = fx.spec("sleep", "100").build();
        ContainerSpec withStdin = fx.spec("sleep", "100").stdin(true).build();
        fx.runtime.run(plain);
        fx.runtime.run(withStdin);

        String ours = monitorCommand(plain.id());
        assertThat(ours).startsWith(RuntimeConfig.defaults(fx.stateDir).binDir().resolve(MonitorBinary.NAME).toString()).contains(" --cid " + plain.id() + " ");
        assertThat(monitorCommand(withStdin.id())).contains("conmon").doesNotContain(MonitorBinary.NAME);
        // static: no dynamic linker mapped into it
        long pid = ProcFs.readPid(paths(plain.id()).monitorPidFile()).orElseThrow();
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "maps"))).doesNotContain("ld-linux");
        // it left the daemon's session: a daemon that dies does not take it along
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split(" ")[5])
                .isEqualTo(Long.toString(pid));

        fx.runtime.kill(plain.id(), "KILL");
        assertThat(fx.runtime.wait(plain.id(), Duration.ofSeconds(10))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(137);
        assertThat(Files.readString(paths(plain.id()).dir().resolve("exit"))).isEqualTo("137");
    }

    @Test
    void theLogHasFullLinesPiecesAndBothStreamsAndTheExitCodeIsWrittenTwice() throws IOException {
        ContainerSpec spec = fx.spec("sh", "-c", "echo one; printf 'two\\nthr'; echo err >&2; exit 3").build();
        fx.runtime.run(spec);

        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(10))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(3);
        List<String> records = Files.readAllLines(paths(spec.id()).log());
        assertThat(records).extracting(r -> r.substring(r.indexOf(' ') + 1))
                .containsSubsequence("stdout F one", "stdout F two", "stdout P thr")
                .contains("stderr F err");
        assertThat(records).allMatch(r -> r.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z (stdout|stderr) [FP] .*"));
        assertThat(fx.runtime.logs(spec.id())).extracting(LogLine::text).containsSubsequence("one", "two", "thr").contains("err");
        assertThat(Files.readString(paths(spec.id()).dir().resolve("exit"))).isEqualTo("3");
        assertThat(Files.readString(fx.stateDir.resolve("exits").resolve(spec.id()))).isEqualTo("3");
        // the temporary files of the atomic writes are gone
        try (var files = Files.list(paths(spec.id()).dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".legends-monitor"));
        }
    }

    @Test
    void aLogWithAMaxSizeStartsOverInsteadOfGrowingPastItUnderBothMonitors() throws IOException {
        long max = 64 * 1024;
        // ~250 KB of numbered lines; the last ones must be there, the first ones gone
        String script = "i=0; while [ $i -lt 10000 ]; do echo \"line $i of the log, padded to some length\"; i=$((i+1)); done";
        for (boolean stdin : List.of(false, true)) {
            ContainerSpec spec = fx.spec("sh", "-c", script).stdin(stdin).logMaxBytes(max).build();
            fx.runtime.run(spec);
            assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(30))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(0);

            assertThat(Files.size(paths(spec.id()).log())).as("stdin " + stdin).isLessThanOrEqualTo(max);
            List<String> lines = fx.runtime.logs(spec.id()).stream().map(LogLine::text).toList();
            assertThat(lines).as("stdin " + stdin).isNotEmpty().endsWith("line 9999 of the log, padded to some length")
                    .doesNotContain("line 0 of the log, padded to some length");
        }
    }

    @Test
    void aLogLimitBelow16KbIsRefused() {
        ContainerSpec spec = fx.spec("true").logMaxBytes(1024).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.runtime.create(spec))
                .hasMessageContaining("log max-size 1024 bytes is too small");
        assertThat(paths(spec.id()).dir()).doesNotExist();
    }

    @Test
    void anOomKillLeavesTheOomFileThatOutlivesTheCgroup() {
        ContainerSpec spec = fx.spec("dd", "if=/dev/zero", "of=/dev/shm/x", "bs=1M", "count=64")
                .resources(Resources.NONE.withMemory(16 * MB)).build();
        fx.runtime.run(spec);

        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(20))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(137);
        assertThat(paths(spec.id()).oom()).exists();
    }

    @Test
    void aContainerWithinItsLimitLeavesNoOomFile() {
        ContainerSpec spec = fx.spec("true").resources(Resources.NONE.withMemory(64 * MB)).build();
        fx.runtime.run(spec);

        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(10))).get().extracting(ContainerStatus.Exited::exitCode).isEqualTo(0);
        assertThat(paths(spec.id()).oom()).doesNotExist();
    }

    @Test
    void closingTakesBackAnEmptyCgroupParentAndLeavesOneInUse() throws IOException {
        // a parent of its own: the default one may be in use by a daemon on this host
        String parent = "legends-test-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        RuntimeConfig d = RuntimeConfig.defaults(fx.tmp.resolve("parent-state"));
        ContainerRuntime runtime = ContainerRuntime.open(new RuntimeConfig(d.stateDir(), d.runc(), d.conmon(), d.init(), parent));
        ContainerSpec spec = ContainerSpec.builder("t-" + parent, fx.rootfs).args("sleep", "100").build();
        try {
            runtime.run(spec);
            runtime.close();
            assertThat(RuntimeFixture.cgroups(parent + "/" + spec.id())).isNotEmpty(); // the container runs on, and so does its parent

            runtime.delete(spec.id(), true);
            runtime.close();
            assertThat(RuntimeFixture.cgroups(parent)).isEmpty();
        } finally {
            try {
                runtime.delete(spec.id(), true);
            } catch (RuntimeException e) {
                // removed above
            }
            Cgroups.discover().remove("/" + parent);
        }
    }

    @Test
    void onANoexecFileSystemItIsNotUsedAndConmonMonitorsEveryContainer() throws IOException {
        Path bin = Files.createDirectories(fx.tmp.resolve("noexec"));
        assertThat(Command.run(List.of("mount", "-t", "tmpfs", "-o", "noexec,size=8m", "tmpfs", bin.toString()), Duration.ofSeconds(10)).ok())
                .isTrue();
        ContainerRuntime runtime = null;
        ContainerSpec spec = fx.spec("sleep", "100").build();
        try {
            assertThat(MonitorBinary.install(bin)).isEmpty();
            runtime = ContainerRuntime.open(RuntimeConfig.defaults(fx.tmp.resolve("noexec-state")).withBinDir(bin));
            runtime.run(spec);
            long pid = ProcFs.readPid(new StateDir(fx.tmp.resolve("noexec-state")).container(spec.id()).monitorPidFile()).orElseThrow();
            assertThat(ProcFs.cmdline(pid)).contains("conmon").doesNotContain(MonitorBinary.NAME);
        } finally {
            if (runtime != null) {
                runtime.delete(spec.id(), true);
                runtime.close();
            }
            Command.run(List.of("umount", "-l", bin.toString()), Duration.ofSeconds(10));
        }
    }

    @Test
    void optionsItDoesNotTakeGetOneLineAndExitCode2() {
        Path binary = MonitorBinary.install(fx.tmp.resolve("bin")).orElseThrow();
        for (List<String> args : List.of(List.of("--terminal"), List.of("--bogus", "x"), List.of("--cid", "x"))) {
            List<String> argv = new java.util.ArrayList<>(List.of(binary.toString()));
            argv.addAll(args);
            Command.Result r = Command.run(argv, Duration.ofSeconds(5));
            assertThat(r.exitCode()).as(args.toString()).isEqualTo(2);
            assertThat(r.stderr().strip()).as(args.toString()).startsWith("legends-monitor: ").doesNotContain("\n");
        }
    }
}
