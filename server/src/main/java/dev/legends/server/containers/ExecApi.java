package dev.legends.server.containers;

import dev.legends.core.LegendsException;
import dev.legends.runtime.ExecResult;
import dev.legends.runtime.ExecSession;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * /v1/exec/{id}: the exec sessions that {@code exec -it} makes, as docker's exec instances: start
 * (an attach that lets the command run once the client is connected), resize, and wait (the exit
 * code, after which the session is forgotten). Sessions live in this daemon's memory; their
 * commands do not: a client that went away leaves its command running, as docker does.
 */
final class ExecApi {
    private final Map<String, ExecSession> sessions = new ConcurrentHashMap<>();

    ContainerRequests.ExecCreated add(ExecSession session) {
        sessions.put(session.id(), session);
        return new ContainerRequests.ExecCreated(session.id());
    }

    void register(Router router) {
        router.post("/v1/exec/{id}/start", r -> {
            ExecSession s = session(r);
            AttachTunnel tunnel = AttachTunnel.open(s.attachSocket());
            s.start(); // connected first: the command's first output reaches the client
            return new Response.Upgrade("tcp", tunnel);
        }).post("/v1/exec/{id}/resize", r -> {
            session(r).resize((int) r.longParam("h", 0), (int) r.longParam("w", 0));
            return Response.json(Map.of("resized", r.param("id")));
        }).post("/v1/exec/{id}/wait", this::await);
    }

    private Response await(Request r) {
        ExecSession s = session(r);
        long timeout = r.longParam("timeout", 3600);
        s.start(); // a client that never attached still gets its command run
        ExecResult result = s.await(Duration.ofSeconds(timeout))
                .orElseThrow(() -> LegendsException.unavailable("exec " + s.id() + ": still running after " + timeout + "s"));
        sessions.remove(s.id());
        s.close();
        return Response.json(new ContainerRequests.ExecResult(result.exitCode(), result.stdout(), result.stderr()));
    }

    private ExecSession session(Request r) {
        ExecSession s = sessions.get(r.param("id"));
        if (s == null) {
            throw LegendsException.notFound("no such exec session: " + r.param("id"));
        }
        return s;
    }
}
