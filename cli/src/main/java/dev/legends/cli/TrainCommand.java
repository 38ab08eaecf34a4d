package dev.legends.cli;

import dev.legends.server.api.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The training run for the JDK's AOT cache (see ./legends): runs the common client commands against
 * a throwaway daemon so that the cache holds the classes a real command loads. The daemon runs in a
 * process of its own: in this one its classes (SQLite, Netty, the engine) would land in the cache,
 * and every CLI start would load them all, which cost more than half of a start.
 */
@Command(name = "__train", hidden = true)
final class TrainCommand implements Runnable {
    private static final List<List<String>> COMMANDS = List.of(
            List.of("version"), List.of("events"), List.of("events", "-o", "json"), List.of("info", "-o", "json"),
            List.of("ps", "-a"), List.of("ps", "-a", "-o", "json"), List.of("images"),
            List.of("run", "--rm", "legends/no-such-image", "true"), List.of("--help"),
            // a real container where the host allows (root, runc): the run's streaming path
            List.of("image", "bootstrap"), List.of("run", "--rm", "--network", "none", "legends/busybox", "echo", "trained"));

    @Override
    public void run() {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        Process daemon = null;
        try {
            Path root = Files.createTempDirectory("legends-train");
            try {
                daemon = startDaemon(root);
                System.setOut(new PrintStream(OutputStream.nullOutputStream()));
                System.setErr(new PrintStream(OutputStream.nullOutputStream()));
                for (List<String> cmd : COMMANDS) {
                    Stream<String> args = Stream.concat(Stream.of("--root", root.toString()), cmd.stream());
                    Main.run(args.toArray(String[]::new));
                }
                // a build that needs no base image, no mount and no container, for the progress stream's classes
                Path context = Files.createDirectories(root.resolve("train-context"));
                Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nLABEL legends.train=1\n");
                Main.run("--root", root.toString(), "build", "-t", "train/build", context.toString());
                Main.run("--root", root.toString(), "build", "-q", context.toString());
            } finally {
                System.setOut(realOut);
                System.setErr(realErr);
                stop(daemon);
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The same JVM and class path as this one, without the AOT flags, serving {@code root}. */
    private static Process startDaemon(Path root) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--root", root.toString(), "daemon"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(root.resolve("daemon.out").toFile()).start();
        Path socket = Endpoint.forRoot(root).socket();
        for (int i = 0; i < 600 && p.isAlive() && !Files.exists(socket); i++) {
            Thread.sleep(50);
        }
        return p;
    }

    private static void stop(Process daemon) throws InterruptedException {
        if (daemon != null) {
            daemon.destroy();
            if (!daemon.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor();
            }
        }
    }
}
