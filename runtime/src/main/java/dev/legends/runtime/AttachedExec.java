package dev.legends.runtime;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An exec session under conmon's exec mode ({@code --exec --exec-attach}), as podman runs
 * {@code exec -it}: conmon holds the terminal (or pipes) and serves an attach socket; the command
 * outlives a client that goes away. Three descriptors a JVM cannot hand a child are opened by
 * /bin/sh: the sync report (fd 3) and the attach report (fd 4) on files, and the start pipe (fd 5)
 * on a FIFO. conmon reads the start pipe twice: once before it forks, and once, in the runtime's
 * child, right before {@code runc exec}; the second byte is {@link #start}.
 */
final class AttachedExec implements ExecSession {
    private static final String OPEN_PIPES = "exec 3>>\"$1\" 4>>\"$2\" 5<>\"$3\" && shift 3 && exec \"$@\"";
    private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(30);

    private final String id;
    private final String containerId;
    private final Path dir;
    private final Path attachLink;
    private final FileChannel startPipe;

    private AttachedExec(String id, String containerId, Path dir, Path attachLink, FileChannel startPipe) {
        this.id = id;
        this.containerId = containerId;
        this.dir = dir;
        this.attachLink = attachLink;
        this.startPipe = startPipe;
    }

    /** Launches the monitor and returns once its attach socket is up; the command waits for {@link #start}. */
    static AttachedExec launch(Path conmon, Runc runc, StateDir state, String containerId, OciSpec.Process process, boolean stdin) {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
        Path dir = state.container(containerId).dir().resolve("exec").resolve(id);
        FileChannel startPipe = null;
        try {
            Files.createDirectories(dir.resolve("exits"));
            Files.write(dir.resolve("process.json"), Json.bytes(process));
            Files.createFile(dir.resolve("sync"));
            Files.createFile(dir.resolve("attach-ready"));
            mkfifo(dir.resolve("start"));
            // O_RDWR: opening a FIFO so never waits for the other end
            startPipe = FileChannel.open(dir.resolve("start"), StandardOpenOption.READ, StandardOpenOption.WRITE);
            List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", OPEN_PIPES, "sh",
                    dir.resolve("sync").toString(), dir.resolve("attach-ready").toString(), dir.resolve("start").toString(),
                    conmon.toString(), "--api-version", "1", "--cid", containerId, "--cuuid", id, "--name", id,
                    "--runtime", runc.binary().toString(),
                    "--exec", "--exec-attach", "--exec-process-spec", dir.resolve("process.json").toString(),
                    "--bundle", dir.toString(),
                    "--container-pidfile", dir.resolve("pid").toString(),
                    "--conmon-pidfile", dir.resolve("conmon.pid").toString(),
                    "--exit-dir", dir.resolve("exits").toString(),
                    "--socket-dir-path", state.attach().toString(),
                    "--log-path", "k8s-file:" + dir.resolve("log"),
                    "--log-level", "error"));
            for (String arg : runc.globalArgs()) {
                argv.addAll(List.of("--runtime-arg", arg));
            }
            if (process.terminal()) {
                argv.add("--terminal");
            }
            if (stdin) {
                argv.add("--stdin");
            }
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("conmon.out").toFile()))
                    .redirectErrorStream(true);
            pb.environment().put("_OCI_SYNCPIPE", "3");
            pb.environment().put("_OCI_ATTACHPIPE", "4");
            pb.environment().put("_OCI_STARTPIPE", "5");
            Process first = pb.start();
            // conmon waits for a first byte before it forks its monitor; then its first process exits
            startPipe.write(ByteBuffer.wrap(new byte[] {'1'}));
            if (!first.waitFor(LAUNCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || first.exitValue() != 0) {
                first.destroyForcibly();
                throw LegendsException.unavailable("conmon failed to start: " + lastLine(dir.resolve("conmon.out")));
            }
            AttachedExec session = new AttachedExec(id, containerId, dir, state.attach().resolve(id), startPipe);
            session.awaitLine(dir.resolve("attach-ready"), "its attach socket");
            return session;
        } catch (IOException e) {
            closeQuietly(startPipe);
            throw LegendsException.unavailable("exec: " + e.getMessage());
        } catch (InterruptedException e) {
            closeQuietly(startPipe);
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("exec: interrupted");
        } catch (RuntimeException e) {
            closeQuietly(startPipe);
            throw e;
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** Through conmon's short link (socket-dir-path/ID), as the full path may pass the 108 bytes of a socket address. */
    @Override
    public Path attachSocket() {
        return attachLink.resolve("attach");
    }

    @Override
    public synchronized void start() {
        if (!startPipe.isOpen()) {
            return;
        }
        try {
            startPipe.write(ByteBuffer.wrap(new byte[] {'1'}));
        } catch (IOException e) {
            throw LegendsException.unavailable("exec: start: " + e.getMessage());
        } finally {
            closeQuietly(startPipe);
        }
    }

    @Override
    public void resize(int rows, int cols) {
        if (rows <= 0 || cols <= 0 || rows > 0xffff || cols > 0xffff) {
            throw LegendsException.invalid("resize: invalid size " + rows + "x" + cols);
        }
        try {
            // conmon holds its control FIFO open for reading while it runs: this open does not wait
            Files.writeString(dir.resolve("ctl"), "1 " + rows + " " + cols + "\n", StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw LegendsException.precondition("resize: the exec session has ended");
        }
    }

    @Override
    public Optional<ExecResult> await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path exit = dir.resolve("exits").resolve(containerId);
        for (int i = 0; ; i++) {
            Optional<ExecResult> failed = startFailure();
            if (failed.isPresent()) {
                return failed;
            }
            if (Files.exists(exit)) {
                try {
                    int code = Integer.parseInt(Files.readString(exit).strip());
                    return Optional.of(new ExecResult(code < 0 ? StatusReader.UNKNOWN_EXIT : code, "", ""));
                } catch (IOException | NumberFormatException e) {
                    // being written: read again
                }
            } else if (!monitorAlive() && startFailure().isEmpty() && !Files.exists(exit)) {
                return Optional.of(new ExecResult(StatusReader.UNKNOWN_EXIT, "", "exit code lost: the exec session's monitor died"));
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            sleep(StatusReader.backoff(i, 50));
        }
    }

    @Override
    public void close() {
        // a session that ended has a monitor that exits moments after writing the exit code: wait
        // for that briefly, or its files would stay behind; a session still running keeps them
        long deadline = System.nanoTime() + (Files.exists(dir.resolve("exits").resolve(containerId)) ? 2_000_000_000L : 0);
        while (monitorAlive() && System.nanoTime() < deadline) {
            sleep(1);
        }
        if (monitorAlive()) {
            return;
        }
        try {
            Files.deleteIfExists(attachLink);
            StateDir.deleteTree(dir);
        } catch (IOException e) {
            // removed with the container at the latest
        }
    }

    /** runc's reason when the command could not be started: conmon reports it instead of a pid. */
    private Optional<ExecResult> startFailure() {
        try {
            String report = Files.readString(dir.resolve("sync"));
            int nl = report.indexOf('\n');
            if (nl >= 0 && Monitors.parse(report.substring(0, nl)) instanceof Monitors.Created.Failed(String error)) {
                return Optional.of(new ExecResult(RuncError.exitCode(error), "", error));
            }
        } catch (IOException e) {
            // not there: no report yet
        }
        return Optional.empty();
    }

    private boolean monitorAlive() {
        OptionalLong pid = ProcFs.readPid(dir.resolve("conmon.pid"));
        return pid.isPresent() && ProcFs.alive(pid.getAsLong());
    }

    private void awaitLine(Path file, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LAUNCH_TIMEOUT.toNanos();
        for (int i = 0; !Files.readString(file).contains("\n"); i++) {
            if (System.nanoTime() > deadline || (i > 10 && !monitorAlive())) {
                throw LegendsException.unavailable("exec: conmon did not open " + what + ": " + lastLine(dir.resolve("conmon.out")));
            }
            Thread.sleep(Math.min(10, 1L << Math.min(i, 4)));
        }
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo " + path + ": " + out);
        }
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "no output" : lines.getLast();
        } catch (IOException e) {
            return "no output";
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
