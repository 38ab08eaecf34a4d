package dev.legends.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.linux.Spawn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Starts a container's monitor: legends-monitor (ours, static, src/main/c) for a container without
 * a terminal or stdin, conmon for one with them (its attach socket and terminal handling). Both
 * speak conmon's language: the same options, a one-line JSON report on the sync fd, the pid files,
 * the k8s-file log and the exit files. Each double-forks and calls setsid, so it belongs to
 * neither the daemon's process tree nor its session and outlives it; it runs the container with
 * {@code runc run --detach} (create and start in one runc), holds the container's stdio, is the
 * subreaper of its PID 1, and writes the exit code to exits/ID the moment the container exits.
 */
final class Monitors {
    /** The outcome of the launch as the monitor reports it: the container's host pid, or runc's error. */
    sealed interface Created {
        record Pid(long pid) implements Created {}

        record Failed(String error) implements Created {}
    }

    /**
     * conmon's runtime: a /bin/sh that turns conmon's {@code runc ... create OPTIONS ID} into
     * {@code runc ... run --detach OPTIONS ID}. One runc instead of {@code runc create} then
     * {@code runc start} saves a whole runc process (a Go start-up and a state load, ~7 ms) on
     * every start; runc's errors, the pid file and conmon's view are the same. The command may
     * run, even exit, before conmon has read its pid: conmon, its subreaper, reaps it and writes
     * its exit code all the same. $0 is runc. (legends-monitor runs {@code run --detach} itself.)
     */
    private static final String RUN_DETACHED = "r=; for a do shift; if [ -z \"$r\" ] && [ \"$a\" = create ]; "
            + "then r=1; set -- \"$@\" run --detach; else set -- \"$@\" \"$a\"; fi; done; exec \"$0\" \"$@\"";

    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);
    /** runc takes 20 ms or more: polling its report each millisecond costs little and adds no more than one. */
    private static final long REPORT_POLL_MILLIS = 1;

    /**
     * What a container's monitor must know besides its files: whether it has a terminal, whether
     * its stdin stays open (both: conmon), and the log's limit in bytes (0: none).
     */
    record Options(boolean terminal, boolean stdin, long logSizeMax) {}

    /** A monitor program and the part of its command line that is the same for every container. */
    private record Program(Path binary, List<String> common) {}

    private final Program conmon;
    /** legends-monitor, or conmon again where this build carries none. */
    private final Program plain;
    private final StateDir state;

    /** {@code own} is legends-monitor's path, if installed. */
    Monitors(Path conmon, Optional<Path> own, Runc runc, StateDir state) {
        this.state = state;
        List<String> shared = List.of(
                "--exit-dir", state.exits().toString(),
                "--socket-dir-path", state.attach().toString(),
                "--log-level", "error",
                // the log is drained before the exit file is written, so readers miss nothing; an
                // fsync of it would only delay the exit file (docker does not sync logs either)
                "--no-sync-log");
        List<String> conmonArgs = new ArrayList<>(List.of("--runtime", "/bin/sh"));
        conmonArgs.addAll(shared);
        for (String arg : List.of("-c", RUN_DETACHED, runc.binary().toString())) {
            conmonArgs.addAll(List.of("--runtime-arg", arg));
        }
        List<String> ownArgs = new ArrayList<>(List.of("--runtime", runc.binary().toString()));
        ownArgs.addAll(shared);
        for (String arg : runc.globalArgs()) {
            conmonArgs.addAll(List.of("--runtime-arg", arg));
            ownArgs.addAll(List.of("--runtime-arg", arg));
        }
        this.conmon = new Program(conmon, List.copyOf(conmonArgs));
        this.plain = own.map(p -> new Program(p, List.copyOf(ownArgs))).orElse(this.conmon);
    }

    /** Whether a monitor was launched for {@code id} since its last release: only then can runc know it. */
    boolean launched(String id) {
        StateDir.ContainerPaths paths = state.container(id);
        return Files.exists(paths.sync()) || Files.exists(paths.monitorPidFile());
    }

    /**
     * Launches the monitor for {@code id} and waits until runc has started the container. The
     * monitor reports on its sync pipe (the fd named by _OCI_SYNCPIPE): here fd 3, opened on a
     * file, where it writes its one-line JSON report. ProcessBuilder cannot hand a child a fourth descriptor,
     * hence posix_spawn, which also spares the JDK's helper process on every start.
     */
    Created launch(String id, Options options) {
        StateDir.ContainerPaths paths = state.container(id);
        try {
            Files.deleteIfExists(paths.sync());
            Files.deleteIfExists(paths.pidFile());
            Files.deleteIfExists(paths.monitorPidFile());
            Files.createFile(paths.sync());
        } catch (IOException e) {
            throw LegendsException.unavailable("prepare monitor files: " + e.getMessage());
        }
        Program program = options.terminal() || options.stdin() ? conmon : plain;
        List<String> argv = new ArrayList<>(List.of(program.binary().toString(),
                "--api-version", "1",
                "--cid", id, "--cuuid", id, "--name", id,
                "--bundle", paths.bundle().toString(),
                "--container-pidfile", paths.pidFile().toString(),
                "--conmon-pidfile", paths.monitorPidFile().toString(),
                "--log-path", "k8s-file:" + paths.log(),
                "--persist-dir", paths.dir().toString()));
        argv.addAll(program.common());
        if (options.terminal()) {
            argv.add("--terminal");
        }
        if (options.stdin()) {
            argv.add("--stdin");
        }
        if (options.logSizeMax() > 0) {
            argv.addAll(List.of("--log-size-max", Long.toString(options.logSizeMax())));
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("_OCI_SYNCPIPE", "3");
        Path out = paths.dir().resolve("conmon.out");
        long first;
        try {
            // conmon 2.1 also writes its "oom" file into its working directory, as podman runs it in the bundle
            first = Spawn.spawn(argv, env, paths.bundle(), List.of(new Spawn.Fd(0, Path.of("/dev/null"), false),
                    new Spawn.Fd(1, out, true), new Spawn.Fd(2, out, true), new Spawn.Fd(3, paths.sync(), true)));
        } catch (LegendsException e) {
            throw LegendsException.unavailable("start monitor " + program.binary() + ": " + e.getMessage());
        }
        try {
            // the first process exits as soon as it has forked the monitor and written its pid
            int code = awaitExit(first);
            if (code != 0) {
                return new Created.Failed("the monitor failed to start" + (code > 0 ? " (exit code " + code + ")" : "") + ": " + tail(out));
            }
            return awaitReport(paths);
        } catch (IOException e) {
            throw LegendsException.unavailable("start monitor " + program.binary() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("start container: interrupted");
        }
    }

    /** The first monitor process's exit code, reaped; killed (and -2) if it has not ended in time. */
    private static int awaitExit(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + CREATE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int code = Spawn.exitStatus(pid);
            if (code >= 0) {
                return code;
            }
            Thread.sleep(REPORT_POLL_MILLIS);
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        while (Spawn.exitStatus(pid) < 0) {
            Thread.sleep(REPORT_POLL_MILLIS);
        }
        return -2;
    }

    /**
     * Waits for the report of a launch made earlier, maybe by a daemon that was killed during it,
     * so that runc's state is final when this returns.
     */
    Created awaitReport(String id) {
        try {
            return awaitReport(state.container(id));
        } catch (IOException e) {
            return new Created.Failed("no report: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("start container: interrupted");
        }
    }

    /** Polls the sync file until the monitor has written its line, or has died without one. */
    private Created awaitReport(StateDir.ContainerPaths paths) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CREATE_TIMEOUT.toNanos();
        OptionalLong monitor = ProcFs.readPid(paths.monitorPidFile());
        while (System.nanoTime() < deadline) {
            String report = Files.readString(paths.sync());
            int nl = report.indexOf('\n');
            if (nl >= 0) {
                return parse(report.substring(0, nl));
            }
            if (monitor.isEmpty() || !ProcFs.alive(monitor.getAsLong())) {
                // it may have written the report just before exiting
                report = Files.readString(paths.sync());
                return report.contains("\n") ? parse(report.substring(0, report.indexOf('\n')))
                        : new Created.Failed("the monitor exited without a report: " + tail(paths.dir().resolve("conmon.out")));
            }
            Thread.sleep(REPORT_POLL_MILLIS);
        }
        return new Created.Failed("runc did not start the container within " + CREATE_TIMEOUT.toSeconds() + "s");
    }

    static Created parse(String line) {
        JsonNode n = Json.read(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
        long data = n.path("data").asLong(-1);
        if (data > 0) {
            return new Created.Pid(data);
        }
        String msg = RuncError.message(n.path("message").asText(""));
        return new Created.Failed(msg.isEmpty() ? "runc failed" : msg);
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file).strip();
            int nl = s.lastIndexOf('\n');
            return nl < 0 ? s : s.substring(nl + 1);
        } catch (IOException e) {
            return "no output";
        }
    }
}
