package dev.legends.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnTest {
    @TempDir
    Path dir;

    @Test
    void theChildGetsItsDirectoryEnvironmentAndDescriptorsAndNoneOfOurs() throws Exception {
        Path out = dir.resolve("out");
        Path three = dir.resolve("three");
        Files.writeString(three, "before\n");
        // a descriptor of ours without close-on-exec must not reach the child
        try (FileOutputStream leak = new FileOutputStream(dir.resolve("leak").toFile())) {
            long pid = Spawn.spawn(List.of("/bin/sh", "-c", "pwd; echo \"$GREETING\"; echo to-three >&3; ls /proc/self/fd | sort -n | tr '\\n' ' '"),
                    Map.of("GREETING", "hello", "PATH", "/usr/bin:/bin"), dir,
                    List.of(new Spawn.Fd(0, Path.of("/dev/null"), false), new Spawn.Fd(1, out, true), new Spawn.Fd(3, three, true)));
            assertThat(pid).isPositive();
            assertThat(awaitExit(pid)).isZero();
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo(dir.toRealPath().toString());
        assertThat(lines.get(1)).isEqualTo("hello");
        // 0, 1, 3, our own 2 (not replaced), and the one ls opens to list them: nothing above 3
        assertThat(lines.get(2).strip().split(" ")).containsExactly("0", "1", "2", "3", "4");
        assertThat(Files.readString(three)).isEqualTo("before\nto-three\n");
    }

    @Test
    void anExitCodeAndASignalAreReportedOnceTheChildEnds() throws Exception {
        long code = Spawn.spawn(List.of("/bin/sh", "-c", "exit 7"), Map.of(), dir, List.of());
        assertThat(awaitExit(code)).isEqualTo(7);
        long killed = Spawn.spawn(List.of("/bin/sh", "-c", "kill -9 $$"), Map.of(), dir, List.of());
        assertThat(awaitExit(killed)).isEqualTo(128 + 9);
        long running = Spawn.spawn(List.of("/bin/sleep", "5"), Map.of(), dir, List.of());
        try {
            assertThat(Spawn.exitStatus(running)).isEqualTo(-1);
        } finally {
            ProcessHandle.of(running).ifPresent(ProcessHandle::destroyForcibly);
            awaitExit(running);
        }
    }

    @Test
    void aMissingProgramOrDirectoryIsOneClearError() {
        assertThatThrownBy(() -> Spawn.spawn(List.of("/no/such/program"), Map.of(), dir, List.of()))
                .isInstanceOf(SyscallException.class).hasMessageContaining("/no/such/program");
        assertThatThrownBy(() -> Spawn.spawn(List.of("/bin/true"), Map.of(), dir.resolve("missing"), List.of()))
                .isInstanceOf(SyscallException.class).hasMessageContaining("posix_spawn");
    }

    private static int awaitExit(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            int status = Spawn.exitStatus(pid);
            if (status >= 0) {
                return status;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("pid " + pid + " still runs");
    }
}
