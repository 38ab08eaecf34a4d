package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `legends run` as a user types it, against a real daemon process: output, --rm and docker's exit codes. */
@Tag("runc")
class ContainerRunCliTest {
    @TempDir
    static Path root;

    @TempDir
    static Path work;

    static DaemonProcess daemon;

    /** One daemon for the class: starting a JVM is most of a test's time. */
    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = DaemonProcess.startWithBusybox(root, work);
    }

    @AfterEach
    void removeContainers() {
        for (String id : legends("ps", "-a", "-q", "--no-trunc").out().lines().toList()) {
            legends("rm", "-f", id);
        }
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        try {
            daemon.close();
        } finally {
            removeLeftovers(root);
        }
    }

    private static Legends.Result legends(String... args) {
        return Legends.run(root, args);
    }

    @Test
    void runPrintsTheOutputAndExitsWithTheContainersCode() {
        Legends.Result hi = legends("run", "--rm", "test/busybox", "echo", "hi");
        assertThat(hi.code()).as(hi.err()).isZero();
        assertThat(hi.out()).isEqualTo("hi\n");

        Legends.Result failing = legends("run", "--rm", "test/busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(failing.code()).isEqualTo(3);
        assertThat(failing.out()).isEqualTo("out\n");
        assertThat(failing.err()).isEqualTo("err\n");

        Legends.Result missing = legends("run", "--rm", "test/busybox", "no-such-command");
        assertThat(missing.code()).isEqualTo(127);
        assertThat(missing.err().lines()).singleElement().asString()
                .startsWith("legends: run test/busybox: exec: \"no-such-command\"").contains("not found");

        Legends.Result unknown = legends("run", "--rm", "no/such-image", "true");
        assertThat(unknown.code()).isEqualTo(125);
        assertThat(unknown.err().strip()).isEqualTo("legends: run no/such-image: no such image: no/such-image");

        Legends.Result badOption = legends("run", "--rm", "--memory", "lots", "test/busybox", "true");
        assertThat(badOption.code()).isEqualTo(125);
        assertThat(badOption.err().strip()).isEqualTo("legends: invalid size lots: expected a number with an optional unit (b, k, m, g), e.g. 64m");

        Legends.Result badLogOption = legends("run", "--rm", "--log-opt", "max-file=3", "test/busybox", "true");
        assertThat(badLogOption.code()).isEqualTo(125);
        assertThat(badLogOption.err().strip()).isEqualTo("legends: run test/busybox: unknown log option max-file: the k8s-file log takes max-size");

        assertThat(legends("ps", "-a", "-q").out()).isEmpty(); // --rm left nothing, nor did the failures
    }

    /** The host PID of a container's PID 1, from inspect (0 when it does not run). */
    private static long pid(String ref) {
        com.fasterxml.jackson.databind.JsonNode n = dev.legends.core.Json.read(legends("inspect", ref).out().getBytes(),
                com.fasterxml.jackson.databind.JsonNode.class);
        return (n.isArray() ? n.get(0) : n).path("State").path("Pid").asLong();
    }

    @Test
    void logsSinceAndUntilCutAtTheTimesGiven() {
        Legends.Result run = legends("run", "-d", "--name", "timed", "test/busybox", "sh", "-c", "echo early; sleep 0.3; echo late");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(legends("wait", "timed").out().strip()).isEqualTo("0");
        List<String> stamped = legends("logs", "-t", "timed").out().lines().toList();
        assertThat(stamped).hasSize(2);
        String lateAt = stamped.get(1).split(" ")[0];

        assertThat(legends("logs", "--since", lateAt, "timed").out()).isEqualTo("late\n");
        assertThat(legends("logs", "--until", lateAt, "timed").out()).isEqualTo("early\n");
        assertThat(legends("logs", "--since", "1h", "timed").out()).isEqualTo("early\nlate\n");
        assertThat(legends("logs", "--since", "1h", "-n", "1", "timed").out()).isEqualTo("late\n");
        Legends.Result bad = legends("logs", "--since", "yesterday", "timed");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).startsWith("legends: invalid --since yesterday: expected a duration");
        assertThat(legends("rm", "timed").code()).isZero();
    }

    @Test
    void aLogWithMaxSizeKeepsItsNewestLinesWithinTheLimit() throws Exception {
        // ~170 KB of output into a 32k log: what logs shows ends with the last line and fits the limit
        Legends.Result run = legends("run", "-d", "--name", "chatty", "--log-opt", "max-size=32k", "test/busybox", "sh", "-c",
                "i=0; while [ $i -lt 5000 ]; do echo \"line $i, with some padding to fill\"; i=$((i+1)); done");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(legends("wait", "chatty").out().strip()).isEqualTo("0");

        Legends.Result logs = legends("logs", "chatty");
        assertThat(logs.out()).endsWith("line 4999, with some padding to fill\n").doesNotContain("line 0,");
        assertThat(logs.out().length()).isLessThan(32 * 1024);
        Legends.Result inspect = legends("inspect", "chatty");
        assertThat(inspect.out()).contains("\"max-size\" : \"32k\"");
        assertThat(legends("rm", "chatty").code()).isZero();
    }

    @Test
    void detachedContainersAreListedExecutedIntoAndRemoved() {
        Legends.Result started = legends("run", "-d", "--name", "sleeper", "test/busybox", "sleep", "1000");
        assertThat(started.code()).as(started.err()).isZero();
        assertThat(started.out().strip()).matches("[0-9a-f]{64}");

        Legends.Result ps = legends("ps");
        assertThat(ps.out().lines().toList().get(1)).contains("test/busybox", "\"sleep 1000\"", "Up ", "sleeper");
        Legends.Result exec = legends("exec", "sleeper", "sh", "-c", "echo $HOSTNAME; exit 4");
        assertThat(exec.code()).isEqualTo(4);
        assertThat(exec.out().strip()).isEqualTo(started.out().strip().substring(0, 12));
        // restart: a new PID 1 (the old one got the stop signal, then SIGKILL after 0 s), running again
        long pidBefore = pid("sleeper");
        assertThat(pidBefore).isPositive();
        Legends.Result restarted = legends("restart", "-t", "0", "sleeper");
        assertThat(restarted.code()).as(restarted.err()).isZero();
        assertThat(restarted.out().strip()).isEqualTo("sleeper");
        assertThat(legends("ps", "-q").out().strip()).isEqualTo(started.out().strip().substring(0, 12));
        assertThat(pid("sleeper")).isNotEqualTo(pidBefore).isPositive();
        Legends.Result unknown = legends("restart", "no-such-container");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("legends: no such container: no-such-container");
        assertThat(legends("rm", "sleeper").code()).isEqualTo(1);
        assertThat(legends("rm", "-f", "sleeper").code()).isZero();
        assertThat(legends("ps", "-a", "-q").out()).isEmpty();
    }

    @Test
    void runInteractiveWithATerminalTakesStdinAndExitsWithTheShellsCode() {
        java.io.InputStream stdin = System.in;
        Legends.Result shell;
        try {
            System.setIn(new java.io.ByteArrayInputStream("echo hi-$((1+1))\nexit 3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            shell = legends("run", "-it", "--rm", "test/busybox", "sh");
        } finally {
            System.setIn(stdin);
        }
        assertThat(shell.code()).as(shell.err()).isEqualTo(3);
        assertThat(shell.out()).contains("hi-2");
        assertThat(legends("ps", "-a", "-q").out()).isEmpty();
        assertThat(root.resolve("run/runtime/runc")).isEmptyDirectory();
    }

    @Test
    void execWithATerminalAndStdinRunsAShellInTheRunningContainer() {
        assertThat(legends("run", "-d", "--name", "box", "test/busybox", "sleep", "1000").code()).isZero();
        Legends.Result shell = withStdin("echo hi-$((2+3)); tty\nexit 4\n", () -> legends("exec", "-it", "box", "sh"));
        assertThat(shell.code()).as(shell.err()).isEqualTo(4);
        assertThat(shell.out()).contains("hi-5").contains("/dev/pts/");

        Legends.Result piped = withStdin("abc\n", () -> legends("exec", "-i", "box", "sh", "-c", "read x; echo got-$x"));
        assertThat(piped.code()).as(piped.err()).isZero();
        assertThat(piped.out()).isEqualTo("got-abc\n");

        Legends.Result missing = withStdin("", () -> legends("exec", "-it", "box", "no-such-command"));
        assertThat(missing.code()).isEqualTo(127);
        assertThat(missing.err()).contains("legends: exec box: ").contains("no-such-command").contains("not found");

        assertThat(legends("rm", "-f", "box").code()).isZero();
        assertThat(root.resolve("run/runtime/attach")).isEmptyDirectory();
        Legends.Result gone = legends("exec", "-it", "box", "sh");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err().strip()).isEqualTo("legends: no such container: box");
    }

    @Test
    void statsShowTheCgroupsCpuMemoryAndProcesses() {
        assertThat(legends("run", "-d", "--name", "busy", "--cpus", "0.5", "-m", "64m", "test/busybox", "sh", "-c",
                "while :; do :; done").code()).isZero();
        Legends.Result json = legends("stats", "--no-stream", "-o", "json", "busy");
        assertThat(json.code()).as(json.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode s = dev.legends.core.Json.read(json.out().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                com.fasterxml.jackson.databind.JsonNode.class).get(0);
        assertThat(s.path("name").asText()).isEqualTo("busy");
        // a busy loop under --cpus 0.5: about half a core
        assertThat(s.path("cpuPercent").asDouble()).isBetween(10.0, 65.0); // measured, and held by the quota (a loaded CI core may give it less)
        assertThat(s.path("memoryLimitBytes").asLong()).isEqualTo(64L << 20);
        assertThat(s.path("memoryUsageBytes").asLong()).isPositive();
        assertThat(s.path("pids").asLong()).isBetween(1L, 3L);
        Legends.Result table = legends("stats", "--no-stream");
        assertThat(table.out().lines().toList().getFirst()).contains("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "PIDS");
        assertThat(table.out()).contains("busy", "/ 64MiB");
        assertThat(StatsCommand.binary(1536 * 1024)).isEqualTo("1.5MiB");
        assertThat(StatsCommand.binary(1000 * 1024)).isEqualTo("1000KiB");
    }

    private static Legends.Result withStdin(String input, java.util.function.Supplier<Legends.Result> command) {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return command.get();
        } finally {
            System.setIn(stdin);
        }
    }

    /** If the daemon could not remove something, take back runc state and mounts by hand. */
    static void removeLeftovers(Path root) throws IOException, InterruptedException {
        Path runc = root.resolve("run/runtime/runc");
        if (Files.isDirectory(runc)) {
            try (Stream<Path> s = Files.list(runc)) {
                for (Path state : s.toList()) {
                    new ProcessBuilder("/usr/sbin/runc", "--root", runc.toString(), "delete", "-f", state.getFileName().toString())
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                            .waitFor(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS);
                }
            }
        }
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = line.split(" ")[4];
            if (point.startsWith(root.toString() + "/")) {
                mounts.add(point);
            }
        }
        mounts.sort(Comparator.comparing(String::length).reversed());
        for (String m : mounts) {
            new ProcessBuilder("umount", "-l", m).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(10, TimeUnit.SECONDS);
        }
    }
}
