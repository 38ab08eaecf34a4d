package dev.legends.server.containers;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.pod.Containers;
import dev.legends.pod.ProcessRow;
import dev.legends.pod.RunResult;
import dev.legends.runtime.ContainerStatus;
import dev.legends.runtime.ExecResult;
import dev.legends.runtime.LogLine;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * /v1/containers: run (a progress stream: unpacking can take a while), list, inspect, start,
 * stop, kill, rm, exec, logs (an event stream with follow, ending with the exit), top, wait, and
 * attach (the connection upgraded to raw bytes, as docker's) and resize.
 * Ids travel in the path: they have no slashes.
 */
public final class ContainersApi {
    private final Containers containers;
    private final ExecApi execs = new ExecApi();

    public ContainersApi(Containers containers) {
        this.containers = containers;
    }

    public void register(Router router) {
        router.post("/v1/containers", this::run)
                .get("/v1/containers", r -> Response.json(containers.list(r.flag("all")).stream().map(ContainerViews::row).toList()))
                .get("/v1/containers/{id}", r -> Response.json(ContainerViews.inspect(containers.inspect(r.param("id")))))
                .delete("/v1/containers/{id}", r -> {
                    containers.remove(r.param("id"), r.flag("force"));
                    return Response.json(Map.of("removed", r.param("id")));
                })
                .post("/v1/containers/{id}/start", r -> Response.json(ContainerViews.row(containers.start(r.param("id")))))
                .post("/v1/containers/{id}/stop", r -> Response.json(ContainerViews.row(containers.stop(r.param("id"), grace(r)))))
                .post("/v1/containers/{id}/restart", r -> Response.json(ContainerViews.row(containers.restart(r.param("id"), grace(r)))))
                .post("/v1/containers/{id}/kill", r -> {
                    containers.kill(r.param("id"), r.param("signal"));
                    return Response.json(Map.of("killed", r.param("id")));
                })
                .post("/v1/containers/{id}/exec", this::exec)
                .post("/v1/containers/{id}/wait", this::await)
                .post("/v1/containers/{id}/attach", r -> new Response.Upgrade("tcp", AttachTunnel.open(containers.attachSocket(r.param("id")))))
                .post("/v1/containers/{id}/resize", r -> {
                    containers.resize(r.param("id"), (int) r.longParam("h", 0), (int) r.longParam("w", 0));
                    return Response.json(Map.of("resized", r.param("id")));
                })
                .get("/v1/containers/{id}/logs", this::logs)
                .get("/v1/containers/{id}/top", r -> Response.json(top(containers.top(r.param("id")))));
        execs.register(router);
    }

    /**
     * A progress stream ending with what ran; with {@code attach}, the container's output and exit
     * follow on the same stream, as the logs' follow would give them, which spares a client that
     * waits for the exit a second request.
     */
    private Response run(Request r) {
        ContainerRequests.Run req = r.json(ContainerRequests.Run.class);
        if (!r.flag("attach")) {
            return Response.progress(p -> run(req, p));
        }
        return Response.progress(p -> run(req, p), (result, sink) -> {
            ContainerRequests.Ran ran = (ContainerRequests.Ran) result;
            if (ran.exitCode() == null) {
                follow(ran.id(), Instant.MIN, 0, sink);
            }
        });
    }

    private ContainerRequests.Ran run(ContainerRequests.Run req, java.util.function.Consumer<String> progress) {
        RunResult res = containers.run(ContainerViews.spec(req), progress);
        return new ContainerRequests.Ran(res.container().id(), res.container().name(), res.exitCode(), res.error());
    }

    private static Duration grace(Request r) {
        long t = r.longParam("t", -1);
        return t < 0 ? null : Duration.ofSeconds(t);
    }

    private Response exec(Request r) {
        ContainerRequests.Exec e = r.json(ContainerRequests.Exec.class);
        if (e.args() == null || e.args().isEmpty()) {
            throw LegendsException.invalid("exec: a command is required");
        }
        if (e.tty() || e.interactive()) {
            return Response.created(execs.add(containers.execSession(r.param("id"), e.args(), e.env(), e.workdir(), e.user(),
                    e.tty(), e.interactive())));
        }
        ExecResult res = containers.exec(r.param("id"), e.args(), e.env(), e.workdir(), e.user());
        return Response.json(new ContainerRequests.ExecResult(res.exitCode(), res.stdout(), res.stderr()));
    }

    private Response await(Request r) {
        long timeout = r.longParam("timeout", 3600);
        Optional<ContainerStatus.Exited> x = containers.wait(r.param("id"), Duration.ofSeconds(timeout));
        return Response.json(x.map(e -> ContainerViews.exit(e, false))
                .orElseThrow(() -> LegendsException.unavailable("wait " + r.param("id") + ": still running after " + timeout + "s")));
    }

    /**
     * The output: all of it, the last {@code tail} lines, those written from {@code since} and (not
     * following) before {@code until}; with {@code follow}, then each line as it comes until the exit.
     */
    private Response logs(Request r) {
        String id = r.param("id");
        long tail = r.longParam("tail", -1);
        Instant now = Instant.now();
        Instant since = r.param("since") == null ? Instant.MIN : LogTimes.parse("--since", r.param("since"), now);
        Instant until = r.param("until") == null ? Instant.MAX : LogTimes.parse("--until", r.param("until"), now);
        if (!r.flag("follow")) {
            List<LogLine> lines = containers.logs(id).stream().filter(l -> !l.time().isBefore(since) && l.time().isBefore(until)).toList();
            int from = tail < 0 ? 0 : (int) Math.max(0, lines.size() - tail);
            return Response.json(lines.subList(from, lines.size()).stream().map(ContainerViews::entry).toList());
        }
        if (r.param("until") != null) {
            throw LegendsException.invalid("--until cannot be used with --follow");
        }
        String found = containers.get(id).id(); // a wrong id answers 404 before the stream starts
        long skip = tail < 0 ? 0 : Math.max(0, containers.logs(found).stream().filter(l -> !l.time().isBefore(since)).count() - tail);
        return Response.events(sink -> follow(found, since, skip, sink));
    }

    /** Each line from {@code since} after the first {@code skip} of those as it comes, then the exit (or an error), as log events. */
    private void follow(String id, Instant since, long skip, Response.EventSink sink) {
        long[] seen = {0};
        try {
            Optional<ContainerStatus.Exited> x = containers.attach(id, line -> {
                if (!line.time().isBefore(since) && seen[0]++ >= skip) {
                    sink.send(Json.compact(new ContainerRequests.LogEvent(ContainerViews.entry(line), null, null)));
                }
            }, () -> !sink.isOpen());
            boolean removed = x.isPresent() && isGone(id);
            x.ifPresent(e -> sink.send(Json.compact(new ContainerRequests.LogEvent(null, ContainerViews.exit(e, removed), null))));
        } catch (LegendsException e) {
            sink.send(Json.compact(new ContainerRequests.LogEvent(null, null, e.getMessage())));
        }
    }

    private boolean isGone(String id) {
        try {
            containers.get(id);
            return false;
        } catch (LegendsException e) {
            return true;
        }
    }

    private static ContainerRequests.Top top(List<ProcessRow> rows) {
        return new ContainerRequests.Top(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"),
                rows.stream().map(p -> List.of(p.uid(), Long.toString(p.pid()), Long.toString(p.ppid()), Integer.toString(p.cpuPercent()),
                        p.started(), p.tty(), p.time(), p.command())).toList());
    }
}
