package dev.legends.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real podman, the peer the interop tests check Legends against. */
public final class Podman {
    public static final Path BINARY = Path.of("/usr/bin/podman");

    private Podman() {}

    public record Run(int exit, String out, String err) {}

    /** Runs podman with {@code args}, stdin from /dev/null, for at most two minutes. */
    public static Run podman(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        // stderr drains on its own thread, so a chatty podman never blocks on a full pipe
        CompletableFuture<String> err = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete(e.toString());
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("podman " + String.join(" ", args) + ": timed out");
        }
        return new Run(p.exitValue(), out, err.join());
    }

    /** A name no other test run uses, so concurrent runs never remove each other's images. */
    public static String uniqueName() {
        byte[] id = new byte[4];
        new java.util.Random().nextBytes(id);
        return "legends-it-" + java.util.HexFormat.of().formatHex(id);
    }

    /** A root filesystem tar of the host's static busybox with sh and echo, for podman import. */
    public static byte[] busyboxRootfs() throws IOException {
        return TestTars.tar().dir("bin")
                .file("bin/busybox", java.nio.file.Files.readAllBytes(Path.of("/bin/busybox")), 0755)
                .symlink("bin/sh", "busybox")
                .symlink("bin/echo", "busybox")
                .bytes();
    }

    /** Removes the images a test made, also after it failed. */
    public static void removeImages(List<String> images) throws IOException, InterruptedException {
        for (String image : images) {
            podman("rmi", "-f", image);
        }
    }

    /** The output of a run that must have succeeded. */
    public static String ok(Run run) {
        assertThat(run.exit()).as("podman failed: %s", run.err()).isZero();
        return run.out();
    }
}
