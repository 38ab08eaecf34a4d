package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.BuildRequests;
import dev.legends.server.api.Endpoint;
import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `legends build` as a user types it, against a real daemon: progress, cache, -q, failures, cancel. */
@Tag("runc")
class BuildCliTest {
    @TempDir
    Path root;

    @TempDir
    Path work;

    private Daemon daemon;
    private Path ctx;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        daemon = Daemon.start(DaemonConfig.of(root));
        ctx = Files.createDirectories(work.resolve("ctx"));
        Result imported = run("image", "import", "-q", "-c", "ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin", busyboxTar().toString(), "test/busybox:1");
        assertThat(imported.code()).as(imported.err()).isZero();
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.split(" ")[4].startsWith(root.toString()));
        Path runc = root.resolve("build/runtime/runc");
        if (Files.isDirectory(runc)) {
            try (Stream<Path> s = Files.list(runc)) {
                assertThat(s.toList()).as("runc containers").isEmpty();
            }
        }
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "--root";
        full[1] = root.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), full);
        return new Result(code, out.toString(), err.toString());
    }

    /** busybox and its applets, with root and nobody: a base image without a registry. */
    private Path busyboxTar() throws Exception {
        Path fs = Files.createDirectories(work.resolve("busybox"));
        for (String d : List.of("bin", "etc", "proc", "sys", "dev", "tmp", "opt")) {
            Files.createDirectories(fs.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), fs.resolve("bin/busybox"));
        Process list = new ProcessBuilder("/bin/busybox", "--list").start();
        for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(fs.resolve("bin").resolve(applet.strip()), Path.of("busybox"));
            }
        }
        Files.writeString(fs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n");
        Files.writeString(fs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Path tar = work.resolve("busybox.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            LayerWriter.write(fs, out, WriteOptions.plain());
        }
        return tar;
    }

    @Test
    void buildPrintsEachStepItsOutputAndTimeThenCacheHitsOnTheSecondRun() throws IOException {
        Files.writeString(ctx.resolve("app.txt"), "v1\n");
        Path dockerfile = Files.writeString(work.resolve("app.Dockerfile"), """
                FROM test/busybox:1
                ARG WHO=nobody
                COPY app.txt /app/
                RUN echo "hello $WHO" && cat /app/app.txt
                USER nobody
                """);
        Result first = run("build", "-t", "demo/app:1", "-f", dockerfile.toString(), "--build-arg", "WHO=cli", ctx.toString());
        assertThat(first.code()).as(first.err()).isZero();
        String id = first.out().strip();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(first.err()).contains("STEP 1/5: FROM test/busybox:1\n", "STEP 4/5: RUN echo \"hello $WHO\" && cat /app/app.txt\nhello cli\nv1\n--> done in ")
                .contains("Successfully tagged demo/app:1").doesNotContain("Using cache");
        assertThat(run("image", "ls").out()).contains("demo/app").contains(id.substring(7, 19));

        Result second = run("build", "-t", "demo/app:2", "-f", dockerfile.toString(), "--build-arg", "WHO=cli", ctx.toString());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out().strip()).isEqualTo(id);
        assertThat(second.err().lines().filter(l -> l.startsWith("--> Using cache "))).hasSize(4);
        assertThat(second.err()).contains("--> cached in ").doesNotContain("hello cli");

        Result quiet = run("build", "-q", "-t", "demo/app:3", "-f", dockerfile.toString(), "--build-arg", "WHO=cli", ctx.toString());
        assertThat(quiet.code()).isZero();
        assertThat(quiet.out()).isEqualTo(id + "\n");
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void aFailingRunShowsItsOutputThenOneErrorLineAndTagsNothing() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM test/busybox:1\nRUN echo compiling && echo oops >&2 && exit 3\n");
        Result r = run("build", "-t", "demo/broken:1", ctx.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        List<String> lines = r.err().lines().toList();
        assertThat(lines).contains("compiling", "oops");
        assertThat(lines.getLast()).isEqualTo("legends: Dockerfile:2: RUN failed: \"/bin/sh -c echo compiling && echo oops >&2 && exit 3\" exited with 3");
        assertThat(run("image", "ls").out()).doesNotContain("demo/broken");

        Result missing = run("build", "-t", "demo/broken:1", work.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("legends: build context " + work.resolve("nope") + ": no such directory\n");
    }

    @Test
    void analyzeNamesTheTarballAndTheTwoStepsOfCopyThenExtract() throws IOException {
        Path payload = Files.createDirectories(work.resolve("payload/app"));
        Files.write(payload.resolve("data.bin"), new java.util.Random(7).ints(300_000).collect(java.io.ByteArrayOutputStream::new,
                (b, i) -> b.write(i), (a, b) -> a.writeBytes(b.toByteArray())).toByteArray());
        Process tar = new ProcessBuilder("tar", "-czf", ctx.resolve("app.tar.gz").toString(), "-C", work.resolve("payload").toString(), "app")
                .inheritIO().start();
        assertThat(waitFor(tar)).isZero();
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM test/busybox:1
                COPY app.tar.gz /tmp/
                RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
                """);
        assertThat(run("build", "-q", "-t", "lesson/copy:1", ctx.toString()).code()).isZero();
        Result analyze = run("image", "analyze", "lesson/copy:1");
        assertThat(analyze.out()).contains("tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz")
                .contains("COPY file:").contains("Cause: tmp/app.tar.gz (")
                .contains("added in layer 2 and deleted in layer 3: unpack it in the same step, or ADD the archive");
    }

    @Test
    void aClientThatGoesAwayCancelsTheBuild() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM test/busybox:1\nRUN echo started && sleep 60\n");
        ApiClient client = new ApiClient(Endpoint.forRoot(root));
        BuildRequests.Build body = new BuildRequests.Build(ctx.toString(), null, List.of("demo/cancel:1"), Map.of(), false, null, false);
        assertThatThrownBy(() -> client.progress("POST", "/v1/build", body, line -> {
            if (line.equals("started")) {
                throw new IllegalStateException("client hangs up"); // closes the connection, as Ctrl-C would
            }
        }, BuildRequests.Built.class)).hasMessage("client hangs up");

        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.contains(root.resolve("build/mnt").toString()));
            try (Stream<Path> s = Files.list(root.resolve("build/runtime/containers"))) {
                assertThat(s.toList()).isEmpty();
            }
        });
        assertThat(run("image", "ls").out()).doesNotContain("demo/cancel");
        assertThat(run("events").out()).doesNotContain("built");
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
