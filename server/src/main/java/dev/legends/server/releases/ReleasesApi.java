package dev.legends.server.releases;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.release.ReleaseStatus;
import dev.legends.release.Releases;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.util.Optional;

/**
 * /v1/releases/{app}: start, status, promote, pause, resume, abort, undo, history, report, and
 * {@code GET /v1/releases/{app}/watch}, a Server-Sent Events stream of the status each time it
 * changes, ending with the status in which the release ended.
 */
public final class ReleasesApi {
    /** How often a watch looks for a change; status is cheap (one row, one instance list). */
    private static final long WATCH_POLL_MILLIS = 250;
    private final Releases releases;

    public ReleasesApi(Releases releases) {
        this.releases = releases;
    }

    /** The body of POST /v1/releases/{app}: an image (a new revision) or an existing revision, and an optional strategy. */
    public record Start(String image, Integer revision, String strategy) {}

    /** The body of POST /v1/releases/{app}/undo; no revision goes back to the previous stable one. */
    public record Undo(Integer toRevision) {}

    public void register(Router router) {
        router.post("/v1/releases/{app}", r -> Response.created(start(r)))
                .get("/v1/releases/{app}", r -> Response.json(releases.status(r.param("app"))))
                .post("/v1/releases/{app}/promote", r -> Response.json(releases.promote(r.param("app"), r.flag("full"))))
                .post("/v1/releases/{app}/pause", r -> Response.json(releases.pause(r.param("app"))))
                .post("/v1/releases/{app}/resume", r -> Response.json(releases.resume(r.param("app"))))
                .post("/v1/releases/{app}/abort", r -> Response.json(releases.abort(r.param("app"))))
                .post("/v1/releases/{app}/undo", r -> Response.json(releases.undo(r.param("app"), undoTarget(r))))
                .get("/v1/releases/{app}/history", r -> Response.json(releases.history(r.param("app"))))
                .get("/v1/releases/{app}/report", r -> Response.json(releases.report(r.param("app"), revision(r))))
                .get("/v1/releases/{app}/watch", this::watch);
    }

    private ReleaseStatus start(Request r) {
        Start s = r.body() == null || r.body().length == 0 ? new Start(null, null, null) : r.json(Start.class);
        String app = r.param("app");
        if (s.image() != null && s.revision() != null) {
            throw LegendsException.invalid("release start: give an image or a revision, not both");
        }
        if (s.revision() != null) {
            return releases.startRevision(app, s.revision(), s.strategy());
        }
        return releases.start(app, s.image(), s.strategy());
    }

    private static Integer undoTarget(Request r) {
        if (r.param("to-revision") != null) {
            return (int) r.longParam("to-revision", 0);
        }
        if (r.body() == null || r.body().length == 0) {
            return null;
        }
        return r.json(Undo.class).toRevision();
    }

    private static Integer revision(Request r) {
        long n = r.longParam("revision", -1);
        return n < 0 ? null : (int) n;
    }

    private Response watch(Request r) {
        String app = r.param("app");
        releases.status(app); // a missing app or release is a 404 now, not an empty stream
        return Response.events(sink -> {
            String last = null;
            while (sink.isOpen()) {
                Optional<ReleaseStatus> s = releases.statusIfAny(app);
                if (s.isPresent()) {
                    String json = Json.compact(s.get());
                    if (!json.equals(last)) {
                        if (!sink.send(json)) {
                            return;
                        }
                        last = json;
                    }
                    if (s.get().ended()) {
                        return;
                    }
                }
                Thread.sleep(WATCH_POLL_MILLIS);
            }
        });
    }

}
