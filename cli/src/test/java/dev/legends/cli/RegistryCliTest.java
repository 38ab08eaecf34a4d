package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.image.registry.TestRegistry;
import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push from one host's daemon to a real docker-registry on 127.0.0.1, pull into another, and a
 * build whose FROM names an image that host does not have yet.
 */
class RegistryCliTest {
    @TempDir
    Path work;

    record Result(int code, String out, String err) {}

    private static Result run(Path root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "--root";
        full[1] = root.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), full);
        return new Result(code, out.toString(), err.toString());
    }

    private Path busyboxTar() throws Exception {
        Path fs = Files.createDirectories(work.resolve("fs"));
        Files.createDirectories(fs.resolve("bin"));
        Files.createDirectories(fs.resolve("tmp"));
        Files.copy(Path.of("/bin/busybox"), fs.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : new String[] {"sh", "echo", "cat"}) {
            Files.createSymbolicLink(fs.resolve("bin/" + applet), Path.of("busybox"));
        }
        Path tar = work.resolve("busybox.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            LayerWriter.write(fs, out, WriteOptions.plain());
        }
        return tar;
    }

    @Test
    void pushPullAndBuildFromAnImageOnlyTheRegistryHas() throws Exception {
        Path hostA = work.resolve("a");
        Path hostB = work.resolve("b");
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), null, null);
                Daemon a = Daemon.start(DaemonConfig.of(hostA));
                Daemon b = Daemon.start(DaemonConfig.of(hostB))) {
            String name = registry.host() + "/base/busybox:1";
            Result imported = run(hostA, "image", "import", "-c", "CMD [\"sh\"]", busyboxTar().toString(), name);
            assertThat(imported.code()).as(imported.err()).isZero();
            String id = imported.out().strip();

            Result pushed = run(hostA, "push", name);
            assertThat(pushed.code()).as(pushed.err()).isZero();
            assertThat(pushed.out()).startsWith(name + ": digest: sha256:");
            assertThat(pushed.err()).contains("Done");

            Result pulled = run(hostB, "pull", "-q", name);
            assertThat(pulled.code()).as(pulled.err()).isZero();
            assertThat(pulled.out().strip()).isEqualTo(id);

            Result missing = run(hostB, "pull", registry.host() + "/base/nope:1");
            assertThat(missing.code()).isEqualTo(1);
            assertThat(missing.err().lines()).hasSize(1);
            assertThat(missing.err()).contains("not found");

            assertThat(run(hostB, "image", "rm", name).code()).isZero();
            Path context = Files.createDirectories(work.resolve("context"));
            Files.writeString(context.resolve("Dockerfile"), "FROM " + name + "\nRUN echo built > /hello\n");
            Result built = run(hostB, "build", "-q", "-t", "app:1", context.toString());
            assertThat(built.code()).as(built.err()).isZero();
            assertThat(run(hostB, "image", "ls-files", "app:1", "/hello").out()).contains("/hello");
            assertThat(run(hostB, "image", "ls", "-q").out()).contains(id.substring(7, 19));
        }
    }
}
