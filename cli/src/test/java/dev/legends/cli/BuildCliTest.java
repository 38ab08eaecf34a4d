package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.BuildRequests;
import dev.legends.server.api.Endpoint;
import java.io.IOException;
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

    @BeforeEach
    void start() throws Exception {
        daemon = Daemon.start(DaemonConfig.of(root));
        ctx = Files.createDirectories(work.resolve("ctx"));
        Legends.Result imported = run("image", "import", "-q", "-c", "ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin", Legends.busyboxTar(work).toString(), "test/busybox:1");
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


    private Legends.Result run(String... args) {
        return Legends.run(root, args);
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
        Legends.Result first = run("build", "-t", "demo/app:1", "-f", dockerfile.toString(), "--build-arg", "WHO=cli", ctx.toString());
        assertThat(first.code()).as(first.err()).isZero();
        String id = first.out().strip();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(first.err()).contains("STEP 1/5: FROM test/busybox:1\n", "STEP 4/5: RUN echo \"hello $WHO\" && cat /app/app.txt\nhello cli\nv1\n--> done in ")
                .contains("Successfully tagged demo/app:1").doesNotContain("Using cache");
        assertThat(run("image", "ls").out()).contains("demo/app").contains(id.substring(7, 19));

        Legends.Result second = run("build", "-t", "demo/app:2", "-f", dockerfile.toString(), "--build-arg", "WHO=cli", ctx.toString());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out().strip()).isEqualTo(id);
        assertThat(second.err().lines().filter(l -> l.startsWith("--> Using cache "))).hasSize(4);
        assertThat(second.err()).contains("--> cached in ").doesNotContain("hello cli");

        Legends.Result quiet = run("build", "-q", "-t", "demo/app:3", "-f", dockerfile.toString(), "--build-arg", "WHO=cli", ctx.toString());
        assertThat(quiet.code()).isZero();
        assertThat(quiet.out()).isEqualTo(id + "\n");
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void aFailingRunShowsItsOutputThenOneErrorLineAndTagsNothing() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM test/busybox:1\nRUN echo compiling && echo oops >&2 && exit 3\n");
        Legends.Result r = run("build", "-t", "demo/broken:1", ctx.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        List<String> lines = r.err().lines().toList();
        assertThat(lines).contains("compiling", "oops");
        assertThat(lines.getLast()).isEqualTo("legends: Dockerfile:2: RUN failed: \"/bin/sh -c echo compiling && echo oops >&2 && exit 3\" exited with 3");
        assertThat(run("image", "ls").out()).doesNotContain("demo/broken");

        Legends.Result missing = run("build", "-t", "demo/broken:1", work.resolve("nope").toString());
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
        Legends.Result analyze = run("image", "analyze", "lesson/copy:1");
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
