package dev.legends.cli;

import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The training run for the JDK's AOT cache (see ./legends): runs the common client commands against
 * a throwaway in-process daemon so that the cache holds the classes a real command loads.
 */
@Command(name = "__train", hidden = true)
final class TrainCommand implements Runnable {
    private static final List<List<String>> COMMANDS = List.of(
            List.of("version"), List.of("events"), List.of("events", "-o", "json"), List.of("info", "-o", "json"),
            List.of("--help"));

    @Override
    public void run() {
        PrintStream realOut = System.out;
        try {
            Path root = Files.createTempDirectory("legends-train");
            try (Daemon daemon = Daemon.start(DaemonConfig.of(root))) {
                System.setOut(new PrintStream(OutputStream.nullOutputStream()));
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
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
