package dev.legends.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real `legends daemon` in its own JVM, for tests that kill it or race it. */
final class DaemonProcess implements AutoCloseable {
    final Process process;
    final Path root;
    final Path log;

    private DaemonProcess(Process process, Path root, Path log) {
        this.process = process;
        this.root = root;
        this.log = log;
    }

    static DaemonProcess start(Path root, String... extra) throws IOException {
        Path log = Files.createTempFile("legends-daemon", ".out");
        Process p = command(root, "daemon", extra).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        DaemonProcess d = new DaemonProcess(p, root, log);
        d.awaitServing(Duration.ofSeconds(20));
        return d;
    }

    /** A daemon with busybox imported as {@code test/busybox} (a tar made under {@code work}): what CLI tests run. */
    static DaemonProcess startWithBusybox(Path root, Path work) throws Exception {
        DaemonProcess d = start(root);
        Legends.Result imported = Legends.run(root, "image", "import", "-q", Legends.busyboxTar(work).toString(), "test/busybox");
        if (imported.code() != 0) {
            d.close();
            throw new IllegalStateException("importing busybox failed: " + imported.err());
        }
        return d;
    }

    /** `java -cp <test classpath> dev.legends.cli.Main --root ROOT CMD...` */
    static ProcessBuilder command(Path root, String cmd, String... extra) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> args = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.legends.cli.Main", "--root", root.toString(), cmd));
        args.addAll(List.of(extra));
        return new ProcessBuilder(args);
    }

    private void awaitServing(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The daemon prints this line once it serves and its shutdown hook is in place.
        while (!Files.readString(log).contains("legends daemon serving on")) {
            if (!process.isAlive()) {
                throw new IOException("daemon exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("daemon did not listen within " + timeout + ": " + Files.readString(log));
            }
            sleep(20);
        }
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the daemon as a service manager would: SIGTERM, so that it shuts down in order (and
     * takes back its cgroup parent when no container is left), then SIGKILL if it has not ended in 10 s.
     */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
