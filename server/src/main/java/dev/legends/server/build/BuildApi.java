package dev.legends.server.build;

import dev.legends.build.BuildRequest;
import dev.legends.build.BuildResult;
import dev.legends.build.local.LocalBuilder;
import dev.legends.core.LegendsException;
import dev.legends.server.api.BuildRequests;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import dev.legends.store.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * POST /v1/build: a Dockerfile build, its events streamed as progress lines, then the image id.
 * When the client goes away (Ctrl-C on {@code legends build}) the build is cancelled: its
 * container killed, its snapshots removed, nothing tagged.
 */
public final class BuildApi {
    private final LocalBuilder builder;
    private final Events events;

    public BuildApi(LocalBuilder builder, Events events) {
        this.builder = builder;
        this.events = events;
    }

    public void register(Router router) {
        router.post("/v1/build", this::build);
    }

    private Response build(Request r) {
        BuildRequests.Build body = r.json(BuildRequests.Build.class);
        BuildRequest request = request(body);
        AtomicBoolean gone = new AtomicBoolean();
        Response.Stream progress = (Response.Stream) Response.progress(p -> run(request, body.quiet(), p, gone));
        return new Response.Stream(sink -> {
            // the sink does not tell the work that its client left; a watcher does, through a flag
            Thread watcher = Thread.ofVirtual().name("build-client-watch").start(() -> {
                try {
                    sink.awaitClose();
                    gone.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                progress.body().open(sink);
            } finally {
                watcher.interrupt();
            }
        });
    }

    private BuildRequests.Built run(BuildRequest request, boolean quiet, Consumer<String> progress, AtomicBoolean gone) {
        BuildResult result = builder.build(request, event -> {
            if (!quiet) {
                progress.accept(event.text());
            }
        }, gone::get);
        String names = result.tags().isEmpty() ? result.imageId().shortHex() : String.join(",", result.tags());
        events.append("image", names, "built " + result.imageId());
        return new BuildRequests.Built(result.imageId().toString(), result.tags(), result.warnings());
    }

    /** Checks the paths now, so that a typo answers with an error status instead of a stream. */
    private static BuildRequest request(BuildRequests.Build b) {
        Path context = absolute("context", b.context());
        if (!Files.isDirectory(context)) {
            throw LegendsException.notFound("build context " + context + ": no such directory");
        }
        Optional<Path> dockerfile = Optional.ofNullable(b.dockerfile()).map(f -> absolute("dockerfile", f));
        return new BuildRequest(context, dockerfile, b.tags() == null ? List.of() : b.tags(),
                b.buildArgs() == null ? Map.of() : b.buildArgs(), b.noCache(), Optional.ofNullable(b.target()));
    }

    private static Path absolute(String what, String path) {
        if (path == null || path.isBlank() || !Path.of(path).isAbsolute()) {
            throw LegendsException.invalid(what + ": an absolute path is required, got " + path);
        }
        return Path.of(path).normalize();
    }
}
