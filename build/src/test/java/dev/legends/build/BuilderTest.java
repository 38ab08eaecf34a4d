package dev.legends.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder over fake ports: config, history, stages and the cache, as docker does them. */
class BuilderTest {
    static final String MULTI_STAGE = """
            ARG BASE=base:1
            FROM ${BASE} AS build
            ARG VERSION=1.0
            ENV APP=demo
            WORKDIR /src
            COPY app.txt .
            RUN write /src/out.bin built-$VERSION && echo compiled

            FROM base:1
            LABEL org.example.version=$VERSION org.example.app="$APP"
            COPY --from=build --chown=app:app /src/out.bin /app/
            ENV PATH=/app:$PATH
            EXPOSE 8080 9000/udp
            USER app
            VOLUME /data
            STOPSIGNAL SIGINT
            HEALTHCHECK --interval=30s --retries=3 CMD check
            ENTRYPOINT ["/app/out.bin"]
            """;

    @TempDir
    Path tmp;
    Path ctx;
    FakeEngine engine;
    Builder builder;
    final List<BuildEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        ctx = Files.createDirectories(tmp.resolve("ctx"));
        engine = new FakeEngine(Files.createDirectories(tmp.resolve("engine")));
        ObjectNode config = Json.mapper().createObjectNode();
        config.putArray("Env").add("PATH=/usr/bin:/bin");
        config.putArray("Cmd").add("sh");
        config.put("Hostname", "kept-as-is");
        engine.addImage("base:1", Map.of("/bin/sh", "#!", "/etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n",
                "/etc/group", "root:x:0:\napp:x:1000:\n"), config);
        builder = Builder.create(engine.ports());
        Files.writeString(ctx.resolve("app.txt"), "source v1");
    }

    private BuildResult build(String dockerfile, BuildRequest request) throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        events.clear();
        return builder.build(request, events::add);
    }

    private BuildResult build(String dockerfile) throws IOException {
        return build(dockerfile, BuildRequest.of(ctx).withTags("demo:latest"));
    }

    private JsonNode config(BuildResult r) {
        BuiltImage image = engine.stored.getLast();
        assertThat(image.id()).isEqualTo(r.imageId()).isEqualTo(Digest.of(image.config()));
        return Json.read(image.config(), JsonNode.class);
    }

    private static List<String> createdBy(JsonNode config) {
        List<String> out = new ArrayList<>();
        config.get("history").forEach(h -> out.add(h.get("created_by").asText()));
        return out;
    }

    private List<String> texts(Class<? extends BuildEvent> type) {
        return events.stream().filter(type::isInstance).map(BuildEvent::text).toList();
    }

    @Test
    void aMultiStageBuildSetsConfigAndHistoryLikeDocker() throws IOException {
        BuildResult r = build(MULTI_STAGE);
        JsonNode doc = config(r);
        JsonNode c = doc.get("config");
        assertThat(engine.tagged).containsKey("demo:latest");
        assertThat(c.get("Env").toString()).isEqualTo("[\"PATH=/app:/usr/bin:/bin\"]");
        assertThat(c.get("Labels").toString()).isEqualTo("{\"org.example.app\":\"\",\"org.example.version\":\"\"}");
        assertThat(c.get("ExposedPorts").toString()).isEqualTo("{\"8080/tcp\":{},\"9000/udp\":{}}");
        assertThat(c.get("User").asText()).isEqualTo("app");
        assertThat(c.get("Volumes").toString()).isEqualTo("{\"/data\":{}}");
        assertThat(c.get("StopSignal").asText()).isEqualTo("SIGINT");
        assertThat(c.get("Healthcheck").toString())
                .isEqualTo("{\"Test\":[\"CMD-SHELL\",\"check\"],\"Interval\":30000000000,\"Retries\":3}");
        assertThat(c.get("Entrypoint").toString()).isEqualTo("[\"/app/out.bin\"]");
        assertThat(c.has("Cmd")).as("ENTRYPOINT drops the CMD inherited from the base").isFalse();
        assertThat(c.get("Hostname").asText()).isEqualTo("kept-as-is");
        assertThat(doc.get("rootfs").get("diff_ids")).hasSize(2);
        assertThat(doc.get("architecture").asText()).isEqualTo(ImageJson.architecture());

        List<String> history = createdBy(doc);
        String copy = history.get(2);
        assertThat(copy).matches("/bin/sh -c #\\(nop\\) COPY file:[0-9a-f]{64} in /app/ ");
        assertThat(history).containsExactly(
                "/bin/sh -c #(nop) ADD file:base in / ",
                "/bin/sh -c #(nop)  LABEL org.example.version= org.example.app=",
                copy,
                "/bin/sh -c #(nop)  ENV PATH=/app:/usr/bin:/bin",
                "/bin/sh -c #(nop)  EXPOSE 8080 9000/udp",
                "/bin/sh -c #(nop)  USER app",
                "/bin/sh -c #(nop)  VOLUME [/data]",
                "/bin/sh -c #(nop)  STOPSIGNAL SIGINT",
                "/bin/sh -c #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"check\"] \"30s\" \"0s\" \"0s\" \"0s\" '\\x03'}",
                "/bin/sh -c #(nop)  ENTRYPOINT [\"/app/out.bin\"]");
        JsonNode h = doc.get("history");
        assertThat(h.get(1).get("empty_layer").asBoolean()).isTrue();
        assertThat(h.get(2).has("empty_layer")).isFalse();
        assertThat(doc.get("created").asText()).isEqualTo(h.get(h.size() - 1).get("created").asText());

        Path out = engine.tree(new LayerChain(engine.stored.getLast().layers().diffIds())).resolve("app/out.bin");
        assertThat(out).hasContent("built-1.0");
        assertThat(Files.getAttribute(out, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);

        RunSpec run = engine.runs.getFirst();
        assertThat(run.args()).containsExactly("/bin/sh", "-c", "write /src/out.bin built-$VERSION && echo compiled");
        assertThat(run.env()).containsExactly("PATH=/usr/bin:/bin", "APP=demo", "VERSION=1.0");
        assertThat(run.workdir()).isEqualTo("/src");
        assertThat(run.user()).isEmpty();

        assertThat(texts(BuildEvent.StepStarted.class)).startsWith("STEP 1/16: FROM ${BASE} AS build", "STEP 2/16: ARG VERSION=1.0")
                .contains("STEP 6/16: RUN write /src/out.bin built-$VERSION && echo compiled", "STEP 16/16: ENTRYPOINT [\"/app/out.bin\"]");
        assertThat(texts(BuildEvent.Output.class)).containsExactly("compiled");
        assertThat(events.getLast()).isEqualTo(new BuildEvent.Built(r.imageId(), List.of("demo:latest")));
    }

    @Test
    void targetStopsAtItsStageAndRecordsTheRunWithItsBuildArgs() throws IOException {
        BuildResult r = build(MULTI_STAGE, BuildRequest.of(ctx).withTarget("build"));
        JsonNode doc = config(r);
        assertThat(doc.get("config").get("Env").toString()).isEqualTo("[\"PATH=/usr/bin:/bin\",\"APP=demo\"]");
        assertThat(doc.get("config").get("WorkingDir").asText()).isEqualTo("/src");
        assertThat(doc.get("config").get("Cmd").toString()).isEqualTo("[\"sh\"]");
        assertThat(createdBy(doc)).contains("/bin/sh -c #(nop)  ARG VERSION=1.0", "/bin/sh -c #(nop)  WORKDIR /src",
                "|1 VERSION=1.0 /bin/sh -c write /src/out.bin built-$VERSION && echo compiled");
        assertThat(texts(BuildEvent.StepStarted.class)).hasSize(6).last().isEqualTo(
                "STEP 6/6: RUN write /src/out.bin built-$VERSION && echo compiled");
        assertThatThrownBy(() -> build(MULTI_STAGE, BuildRequest.of(ctx).withTarget("nope")))
                .hasMessage("target stage \"nope\" could not be found");
    }

    @Test
    void anUnchangedRebuildIsServedFromTheCacheAndDoesNoWork() throws IOException {
        BuildResult first = build(MULTI_STAGE);
        int runs = engine.runs.size();
        int commits = engine.commits;
        BuildResult second = build(MULTI_STAGE);
        assertThat(engine.runs).hasSize(runs);
        assertThat(engine.commits).isEqualTo(commits);
        assertThat(second.imageId()).isEqualTo(first.imageId());
        assertThat(texts(BuildEvent.CacheHit.class)).hasSize(14).allMatch(t -> t.matches("--> Using cache [0-9a-f]{12}"));
        assertThat(events).filteredOn(BuildEvent.StepFinished.class::isInstance).map(e -> ((BuildEvent.StepFinished) e).cached())
                .containsExactly(false, true, true, true, true, true, false, true, true, true, true, true, true, true, true, true);
    }

    @Test
    void aChangedSourceMissesFromItsStepOnButTouchingItDoesNot() throws IOException {
        String df = "FROM base:1\nENV A=1\nCOPY app.txt /app/\nRUN echo step\nENV B=2\n";
        build(df);
        Files.setLastModifiedTime(ctx.resolve("app.txt"), java.nio.file.attribute.FileTime.fromMillis(1));
        build(df);
        assertThat(engine.runs).hasSize(1);
        Files.writeString(ctx.resolve("app.txt"), "source v2");
        build(df);
        assertThat(engine.runs).hasSize(2);
        assertThat(events).filteredOn(BuildEvent.CacheHit.class::isInstance).extracting(e -> ((BuildEvent.CacheHit) e).step())
                .containsExactly(2);
        Path app = engine.tree(engine.stored.getLast().layers()).resolve("app/app.txt");
        assertThat(app).hasContent("source v2");
    }

    @Test
    void noCacheRunsEveryStepAgain() throws IOException {
        String df = "FROM base:1\nRUN echo one\nRUN echo two\n";
        build(df);
        build(df, BuildRequest.of(ctx).withNoCache(true));
        assertThat(engine.runs).hasSize(4);
        assertThat(texts(BuildEvent.CacheHit.class)).isEmpty();
        build(df);
        assertThat(engine.runs).hasSize(4);
    }

    @Test
    void argScopingFollowsDocker() throws IOException {
        String df = """
                ARG V=meta
                ARG TAG=1
                FROM base:${TAG}
                RUN echo [$V]
                ARG V
                RUN echo [$V]
                ARG W=default
                ENV W=fromenv
                LABEL w=$W v=${V:-none} u=${UNSET:-none}
                """;
        BuildResult r = build(df, BuildRequest.of(ctx).withBuildArgs(Map.of("V", "cli", "UNUSED", "x")));
        assertThat(engine.runs.get(0).env()).noneMatch(e -> e.startsWith("V="));
        assertThat(engine.runs.get(1).env()).contains("V=cli");
        assertThat(config(r).get("config").get("Labels").toString()).isEqualTo("{\"u\":\"none\",\"v\":\"cli\",\"w\":\"fromenv\"}");
        assertThat(r.warnings()).containsExactly("One or more build-args [UNUSED] were not consumed");
        assertThat(texts(BuildEvent.Warning.class)).containsExactly("[Warning] One or more build-args [UNUSED] were not consumed");
        build(df);
        // the first RUN does not see V, so only the second one runs again, now with the meta value
        assertThat(engine.runs).hasSize(3);
        assertThat(engine.runs.get(2).env()).contains("V=meta");
    }

    @Test
    void entrypointKeepsACmdSetInTheSameStage() throws IOException {
        JsonNode c = config(build("FROM base:1\nCMD [\"--help\"]\nENTRYPOINT app --serve\n")).get("config");
        assertThat(c.get("Cmd").toString()).isEqualTo("[\"--help\"]");
        assertThat(c.get("Entrypoint").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"app --serve\"]");
        JsonNode s = config(build("FROM base:1\nSHELL [\"/bin/bash\", \"-c\"]\nCMD run it\n")).get("config");
        assertThat(s.get("Cmd").toString()).isEqualTo("[\"/bin/bash\",\"-c\",\"run it\"]");
        assertThat(createdBy(config(build("FROM base:1\nSHELL [\"/bin/bash\", \"-c\"]\nCMD run it\n"))))
                .contains("/bin/bash -c #(nop)  SHELL [/bin/bash -c]", "/bin/bash -c #(nop)  CMD [\"/bin/bash\" \"-c\" \"run it\"]");
    }

    @Test
    void scratchOnbuildAndAddWork() throws IOException {
        BuildResult r = build("FROM scratch\nCOPY app.txt /\nONBUILD RUN echo triggered\n");
        JsonNode doc = config(r);
        assertThat(doc.get("config").get("OnBuild").toString()).isEqualTo("[\"RUN echo triggered\"]");
        assertThat(doc.get("rootfs").get("diff_ids")).hasSize(1);
        assertThat(engine.tree(engine.stored.getLast().layers()).resolve("app.txt")).hasContent("source v1");

        engine.images.put("parent", new BaseImage("parent", r.imageId(), engine.stored.getLast().config(), engine.stored.getLast().layers()));
        JsonNode child = config(build("FROM parent\nENV X=1\n"));
        assertThat(texts(BuildEvent.Output.class)).containsExactly("Executing ONBUILD trigger: RUN echo triggered", "triggered");
        assertThat(child.get("config").has("OnBuild")).isFalse();
    }

    @Test
    void copyFromTakesAnImageOrAStageIndexAndAddExtractsArchives() throws IOException {
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(
                        Files.newOutputStream(ctx.resolve("bundle.tgz"))))) {
            byte[] data = "unpacked".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("lib/inside.txt");
            e.setSize(data.length);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
        }
        BuildResult r = build("""
                FROM base:1
                RUN write /made.txt first stage
                FROM scratch
                COPY --from=base:1 /etc/group /copied/
                COPY --from=0 /made.txt /
                ADD bundle.tgz /opt/
                """);
        Path root = engine.tree(engine.stored.getLast().layers());
        assertThat(root.resolve("copied/group")).content().startsWith("root:x:0:");
        assertThat(root.resolve("made.txt")).hasContent("first stage");
        assertThat(root.resolve("opt/lib/inside.txt")).hasContent("unpacked");
        assertThat(createdBy(config(r)))
                .anyMatch(h -> h.matches("/bin/sh -c #\\(nop\\) ADD file:[0-9a-f]{64} in /opt/ "));
    }

    @Test
    void onbuildTriggerErrorsPointAtTheFrom() throws IOException {
        BuildResult r = build("FROM scratch\nONBUILD RUN fail 3\n");
        engine.images.put("parent", new BaseImage("parent", r.imageId(), engine.stored.getLast().config(), engine.stored.getLast().layers()));
        assertThatThrownBy(() -> build("\nFROM parent\n"))
                .hasMessageStartingWith("Dockerfile:2: RUN failed: \"/bin/sh -c fail 3\"");
    }

    @Test
    void aFailingRunStopsTheBuildAtItsLine() throws IOException {
        assertThatThrownBy(() -> build("FROM base:1\nRUN echo before && fail 2\nRUN echo never\n"))
                .isInstanceOf(LegendsException.class)
                .hasMessage("Dockerfile:2: RUN failed: \"/bin/sh -c echo before && fail 2\" exited with 2")
                .satisfies(e -> assertThat(((LegendsException) e).kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION));
        assertThat(engine.runs).hasSize(1);
        assertThat(engine.stored).isEmpty();
        assertThat(texts(BuildEvent.Output.class)).containsExactly("before");
    }

    @Test
    void aMalformedDockerfileDoesNothing() throws IOException {
        assertThatThrownBy(() -> build("FROM base:1\nRUN echo hi\nRUNN x\n")).hasMessage("Dockerfile:3: unknown instruction: RUNN");
        assertThatThrownBy(() -> build("FROM base:1\nCOPY --from=${STAGE} a b\n", BuildRequest.of(ctx).withTarget("x")))
                .hasMessage("target stage \"x\" could not be found");
        assertThat(engine.prepares).isZero();
        assertThat(engine.runs).isEmpty();
        assertThat(engine.stored).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void copyAndAddErrorsNameTheLine() throws IOException {
        assertThatThrownBy(() -> build("FROM base:1\nCOPY missing.txt /x\n")).hasMessage("Dockerfile:2: COPY failed: "
                + "file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist");
        assertThatThrownBy(() -> build("FROM base:1\nCOPY *.nope /x/\n")).hasMessage("Dockerfile:2: COPY failed: no source files were specified");
        assertThatThrownBy(() -> build("FROM base:1\nCOPY ../outside /x\n"))
                .hasMessage("Dockerfile:2: COPY failed: forbidden path outside the build context: ../outside");
        assertThatThrownBy(() -> build("FROM base:1\nCOPY app.txt Dockerfile /x\n")).hasMessage(
                "Dockerfile:2: When using COPY with more than one source file, the destination must be a directory and end with a /");
        assertThatThrownBy(() -> build("FROM base:1\nADD https://example.com/a.tgz /x/\n"))
                .hasMessage("Dockerfile:2: ADD from URLs is not supported: no network");
        assertThatThrownBy(() -> build("FROM base:1\nCOPY --chown=nobody app.txt /x\n"))
                .hasMessage("Dockerfile:2: COPY failed: can't find uid for user nobody: no such user: nobody");
        assertThatThrownBy(() -> build("FROM nosuch:1\n")).hasMessage("Dockerfile:1: image nosuch:1: not found")
                .satisfies(e -> assertThat(((LegendsException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> build("FROM base:1\nEXPOSE 80/tcpx\n")).hasMessage("Dockerfile:2: invalid containerPort: 80/tcpx");
        assertThatThrownBy(() -> build("FROM base:1\nSTOPSIGNAL SIGNOPE\n")).hasMessage("Dockerfile:2: Invalid signal: SIGNOPE");
        assertThatThrownBy(() -> build("FROM base:1\nENV A=${B\n"))
                .hasMessage("Dockerfile:2: failed to process \"${B\": syntax error: missing '}'");
    }

    @Test
    void anIgnoredDockerfileIsStillReadAndIgnoredFilesStayOut() throws IOException {
        Files.writeString(ctx.resolve(".dockerignore"), "Dockerfile\n.dockerignore\n*.log\n");
        Files.writeString(ctx.resolve("debug.log"), "noise");
        build("FROM scratch\nWORKDIR /w\nCOPY . .\n");
        Path root = engine.tree(engine.stored.getLast().layers());
        assertThat(root.resolve("w/app.txt")).hasContent("source v1");
        assertThat(root.resolve("w/debug.log")).doesNotExist();
        assertThat(root.resolve("w/Dockerfile")).doesNotExist();
    }

    @Test
    void aDockerfileOutsideTheContextAndMissingOnes() throws IOException {
        Path elsewhere = Files.writeString(tmp.resolve("Build.dockerfile"), "FROM base:1\nLABEL a=b\n");
        BuildResult r = builder.build(BuildRequest.of(ctx).withDockerfile(elsewhere), BuildListener.NONE);
        assertThat(config(r).get("config").get("Labels").get("a").asText()).isEqualTo("b");
        assertThatThrownBy(() -> builder.build(BuildRequest.of(tmp.resolve("nowhere")), BuildListener.NONE))
                .hasMessageContaining("no such file or directory")
                .satisfies(e -> assertThat(((LegendsException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }
}
