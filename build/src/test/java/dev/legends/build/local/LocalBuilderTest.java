package dev.legends.build.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.build.BuildEvent;
import dev.legends.build.BuildRequest;
import dev.legends.build.BuildResult;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.Image;
import dev.legends.image.oci.ContainerConfig;
import dev.legends.image.oci.History;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.runtime.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dockerfile builds on the real engine: overlay snapshots, runc containers, the SQLite cache. */
@Tag("runc")
class LocalBuilderTest {
    @TempDir
    java.nio.file.Path tmp;

    LocalEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        engine = new LocalEngine(tmp);
    }

    @AfterEach
    void nothingLeft() throws IOException {
        engine.assertNothingLeft();
    }

    @Test
    void runWritesIntoItsLayerWithTheEnvWorkdirUserAndShellBefore() throws IOException {
        BuildResult r = engine.build("""
                FROM test/busybox:1
                ARG WHO=world
                ENV GREETING=hello
                WORKDIR /srv/app
                RUN echo "$GREETING $WHO from $(pwd) as $(id -u)" > greeting.txt
                USER app
                RUN ["/bin/sh", "-c", "id -u > /tmp/uid && id -G > /tmp/groups && echo ran as app"]
                USER root
                SHELL ["/bin/sh", "-ec"]
                RUN chown app:app greeting.txt
                """, BuildRequest.of(engine.context).withTags("demo/run:1").withBuildArgs(Map.of("WHO", "legends")));

        assertThat(engine.events(BuildEvent.Output.class)).extracting(BuildEvent.Output::line).containsExactly("ran as app");
        assertThat(engine.layers("demo/run:1")).hasSize(4);
        LocalEngine.Entry greeting = engine.file("demo/run:1", "srv/app/greeting.txt");
        assertThat(greeting.content()).isEqualTo("hello legends from /srv/app as 0\n");
        assertThat(greeting.uid()).isEqualTo(1000);
        assertThat(engine.file("demo/run:1", "tmp/uid").content()).isEqualTo("1000\n");
        assertThat(engine.file("demo/run:1", "tmp/groups").content()).isEqualTo("1000 10\n");

        Image image = engine.images.resolve("demo/run:1");
        assertThat(image.id()).isEqualTo(r.imageId());
        ContainerConfig c = image.config().runConfig();
        assertThat(c.env()).contains("GREETING=hello");
        assertThat(c.workingDir()).isEqualTo("/srv/app");
        assertThat(c.user()).isEqualTo("root");
        assertThat(image.config().history().getLast().createdBy()).isEqualTo("|1 WHO=legends /bin/sh -ec chown app:app greeting.txt");
    }

    @Test
    void copyAndAddWithOwnersModesAndArchiveExtraction() throws Exception {
        engine.write("app.txt", "v1\n");
        engine.write("conf/a.conf", "a\n");
        engine.write("conf/sub/b.conf", "b\n");
        Tarballs.gzip(engine.context.resolve("bundle.tgz"), Map.of("bundle/hello.txt", "hi\n".getBytes()));
        engine.build("""
                FROM test/busybox:1
                COPY --chown=app:app --chmod=0640 app.txt /app/
                COPY conf /etc/demo
                COPY *.txt /glob/
                ADD bundle.tgz /opt/
                ADD app.txt /added.txt
                RUN cat /opt/bundle/hello.txt /app/app.txt /etc/demo/sub/b.conf
                """, "demo/copy:1");

        assertThat(engine.events(BuildEvent.Output.class)).extracting(BuildEvent.Output::line).containsExactly("hi", "v1", "b");
        LocalEngine.Entry app = engine.file("demo/copy:1", "app/app.txt");
        assertThat(app).extracting(LocalEngine.Entry::uid, LocalEngine.Entry::gid, LocalEngine.Entry::mode)
                .containsExactly(1000L, 1000L, 0640);
        assertThat(engine.file("demo/copy:1", "etc/demo/a.conf").content()).isEqualTo("a\n");
        assertThat(engine.file("demo/copy:1", "glob/app.txt").content()).isEqualTo("v1\n");
        assertThat(engine.file("demo/copy:1", "opt/bundle/hello.txt").content()).isEqualTo("hi\n");
        assertThat(engine.file("demo/copy:1", "added.txt").content()).isEqualTo("v1\n");
    }

    @Test
    void metadataInstructionsSetTheConfigAndHistory() throws IOException {
        engine.build("""
                FROM test/busybox:1
                LABEL org.example.team=platform
                EXPOSE 8080/tcp
                ENV JAVA_OPTS="-Xmx64m"
                VOLUME /data
                STOPSIGNAL SIGINT
                HEALTHCHECK --interval=5s CMD wget -q -O- http://localhost:8080/ || exit 1
                ENTRYPOINT ["/bin/sh", "-c"]
                CMD ["echo $JAVA_OPTS"]
                """, "demo/meta:1");

        Image image = engine.images.resolve("demo/meta:1");
        ContainerConfig c = image.config().runConfig();
        assertThat(c.labels()).containsEntry("org.example.team", "platform");
        assertThat(c.exposedPorts()).containsOnlyKeys("8080/tcp");
        assertThat(c.volumes()).containsOnlyKeys("/data");
        assertThat(c.stopSignal()).isEqualTo("SIGINT");
        assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "wget -q -O- http://localhost:8080/ || exit 1");
        assertThat(c.entrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(c.cmd()).containsExactly("echo $JAVA_OPTS");
        assertThat(image.diffIds()).hasSize(1); // metadata makes no layers
        assertThat(image.config().history()).hasSize(9).last().extracting(History::isEmptyLayer).isEqualTo(true);
    }

    @Test
    void aSecondBuildIsAllCacheHitsStartsNoContainerAndGivesTheSameImage() throws IOException {
        engine.write("app.txt", "v1\n");
        String dockerfile = """
                FROM test/busybox:1
                RUN date +%s%N > /stamp
                COPY app.txt /app/
                RUN cat /app/app.txt > /app/copy.txt
                ENV MODE=prod
                """;
        BuildResult first = engine.build(dockerfile, "demo/cache:1");
        assertThat(engine.events(BuildEvent.CacheHit.class)).isEmpty();

        // a new builder on the same store, as after a daemon restart (the cache is in SQLite), with a
        // work dir of its own: the runtime is opened on the first RUN, so its state shows whether one ran
        engine.reopen("build2");
        BuildResult second = engine.build(dockerfile, "demo/cache:2");
        assertThat(engine.events(BuildEvent.CacheHit.class)).hasSize(4);
        assertThat(engine.events(BuildEvent.StepFinished.class)).extracting(BuildEvent.StepFinished::cached)
                .containsExactly(false, true, true, true, true);
        assertThat(second.imageId()).isEqualTo(first.imageId());
        assertThat(tmp.resolve("build2/runtime")).doesNotExist();

        BuildResult noCache = engine.build(dockerfile, BuildRequest.of(engine.context).withTags("demo/cache:3").withNoCache(true));
        assertThat(engine.events(BuildEvent.CacheHit.class)).isEmpty();
        assertThat(noCache.imageId()).isNotEqualTo(first.imageId());
    }

    @Test
    void aChangedFileMissesFromItsStepOnAndATouchedOneDoesNot() throws IOException, InterruptedException {
        engine.write("app.txt", "v1\n");
        String dockerfile = """
                FROM test/busybox:1
                RUN echo base > /base.txt
                COPY app.txt /app/
                RUN cat /app/app.txt > /app/copy.txt
                """;
        engine.build(dockerfile, "demo/change:1");

        Files.setLastModifiedTime(engine.context.resolve("app.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
        engine.build(dockerfile, "demo/change:1");
        assertThat(engine.events(BuildEvent.CacheHit.class)).hasSize(3);

        engine.write("app.txt", "v2\n");
        engine.build(dockerfile, "demo/change:2");
        assertThat(engine.events(BuildEvent.StepFinished.class)).extracting(BuildEvent.StepFinished::cached)
                .containsExactly(false, true, false, false);
        assertThat(engine.file("demo/change:2", "app/copy.txt").content()).isEqualTo("v2\n");
        assertThat(engine.file("demo/change:1", "app/copy.txt").content()).isEqualTo("v1\n");
    }

    @Test
    void multiStageCopiesOnlyTheArtifactAndTargetStopsEarly() throws IOException {
        String dockerfile = """
                FROM test/busybox:1 AS builder
                WORKDIR /src
                RUN echo '#!/bin/sh' > app.sh && echo 'echo built' >> app.sh && chmod 755 app.sh && head -c 100000 /dev/zero > junk

                FROM test/busybox:1
                COPY --from=builder /src/app.sh /usr/local/bin/app
                RUN /usr/local/bin/app
                """;
        engine.build(dockerfile, "demo/multi:1");
        assertThat(engine.events(BuildEvent.Output.class)).extracting(BuildEvent.Output::line).containsExactly("built");
        List<Map<String, LocalEngine.Entry>> layers = engine.layers("demo/multi:1");
        assertThat(layers).hasSize(2); // base, COPY (the RUN changed nothing)
        assertThat(layers.get(1)).containsKey("usr/local/bin/app").doesNotContainKey("src/junk");
        assertThat(engine.file("demo/multi:1", "usr/local/bin/app").mode()).isEqualTo(0755);

        engine.build(dockerfile, BuildRequest.of(engine.context).withTags("demo/multi:builder").withTarget("builder"));
        assertThat(engine.events(BuildEvent.CacheHit.class)).hasSize(2);
        assertThat(engine.file("demo/multi:builder", "src/junk")).isNotNull();
    }

    @Test
    void dockerignoreKeepsFilesOutOfTheContext() throws IOException {
        engine.write(".dockerignore", "*.log\nsecrets/\n!keep.log\n");
        engine.write("app.txt", "app\n");
        engine.write("debug.log", "noise\n");
        engine.write("keep.log", "kept\n");
        engine.write("secrets/key", "hunter2\n");
        engine.build("FROM test/busybox:1\nCOPY . /ctx/\n", "demo/ignore:1");
        assertThat(engine.layers("demo/ignore:1").get(1).keySet())
                .contains("ctx/app.txt", "ctx/keep.log", "ctx/Dockerfile")
                .doesNotContain("ctx/debug.log", "ctx/secrets", "ctx/secrets/key");

        assertThatThrownBy(() -> engine.build("FROM test/busybox:1\nCOPY secrets/key /\n", "demo/ignore:2"))
                .hasMessageContaining("excluded by .dockerignore");
    }

    @Test
    void aFailingRunShowsItsOutputAndExitCodeAndTagsNothing() throws IOException {
        assertThatThrownBy(() -> engine.build("""
                FROM test/busybox:1
                RUN echo fine > /fine
                RUN echo before failing && mkdir /half && exit 3
                """, "demo/fail:1"))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessage("Dockerfile:3: RUN failed: \"/bin/sh -c echo before failing && mkdir /half && exit 3\" exited with 3");
        assertThat(engine.events(BuildEvent.Output.class)).extracting(BuildEvent.Output::line).containsExactly("before failing");
        assertThat(engine.images.list()).extracting(s -> s.reference().familiar()).containsExactly(LocalEngine.BASE);

        assertThatThrownBy(() -> engine.build("FROM test/busybox:1\nRUN [\"/no/such/program\"]\n", "demo/fail:2"))
                .hasMessageEndingWith("exited with 127");
        assertThat(engine.events(BuildEvent.Output.class)).isNotEmpty();
    }

    @Test
    void aCancelledBuildKillsItsContainerAndLeavesNothing() throws IOException {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> engine.build("FROM test/busybox:1\nRUN echo started && sleep 60\n",
                BuildRequest.of(engine.context).withTags("demo/cancel:1"),
                () -> engine.events(BuildEvent.Output.class).stream().anyMatch(o -> o.line().equals("started"))))
                .hasMessage("build cancelled");
        assertThat(System.nanoTime() - t0).isLessThan(15_000_000_000L);
        assertThatThrownBy(() -> engine.images.resolve("demo/cancel:1")).hasMessageContaining("no such image");
    }

    @Test
    void badInputFailsWithOneLineBeforeAnyWork() throws IOException {
        assertThatThrownBy(() -> engine.build("FROM test/busybox:1\nCOPY ../outside /\n", "demo/bad:1"))
                .hasMessage("Dockerfile:2: COPY failed: forbidden path outside the build context: ../outside");
        assertThatThrownBy(() -> engine.build("FROM nope:1\n", "demo/bad:1")).hasMessageContaining("no such image: nope:1");
        assertThatThrownBy(() -> engine.build("FROM test/busybox:1\n", "Bad/Name")).hasMessageContaining("Bad/Name");
    }

    @Test
    void whatAKilledDaemonLeftIsSweptWhenTheBuilderOpens() throws IOException {
        // a step caught mid-RUN: its rootfs mounted, its container running on it
        dev.legends.image.Image base = engine.images.resolve(LocalEngine.BASE);
        engine.unpacker.unpack(base, line -> { });
        OverlayRootfs provider = new OverlayRootfs(engine.snapshots, engine.images, tmp.resolve("build/mnt"));
        dev.legends.build.WritableRootfs fs = provider.prepare(new dev.legends.build.LayerChain(base.diffIds()));
        ContainerRuntime rt = ContainerRuntime.open(engine.runtimeState());
        rt.run(ContainerSpec.builder(ContainerRunner.ID_PREFIX + "leftover", fs.dir()).args("sleep", "60").build());

        engine.reopen("build");

        assertThat(rt.list()).isEmpty();
        assertThat(engine.snapshots.list()).noneMatch(s -> s.name().startsWith(OverlayRootfs.KEY_PREFIX));
        assertThat(fs.dir()).doesNotExist();
    }
}
