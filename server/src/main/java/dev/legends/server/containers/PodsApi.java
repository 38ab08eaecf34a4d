package dev.legends.server.containers;

import dev.legends.pod.Pods;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.time.Duration;
import java.util.Map;

/** /v1/pods: create (starts the pause container), list, inspect, start, stop and rm. */
public final class PodsApi {
    private final Pods pods;

    public PodsApi(Pods pods) {
        this.pods = pods;
    }

    public void register(Router router) {
        router.post("/v1/pods", r -> {
                    ContainerRequests.CreatePod c = r.json(ContainerRequests.CreatePod.class);
                    return Response.created(ContainerViews.row(pods.create(ContainerViews.spec(c))));
                })
                .get("/v1/pods", r -> Response.json(pods.list().stream().map(ContainerViews::row).toList()))
                .get("/v1/pods/{id}", r -> Response.json(ContainerViews.inspect(pods.inspect(r.param("id")))))
                .post("/v1/pods/{id}/start", r -> Response.json(ContainerViews.row(pods.start(r.param("id")))))
                .post("/v1/pods/{id}/stop", r -> Response.json(ContainerViews.row(pods.stop(r.param("id"), grace(r)))))
                .delete("/v1/pods/{id}", r -> {
                    pods.remove(r.param("id"), r.flag("force"));
                    return Response.json(Map.of("removed", r.param("id")));
                });
    }

    private static Duration grace(Request r) {
        long t = r.longParam("t", -1);
        return t < 0 ? null : Duration.ofSeconds(t);
    }
}
