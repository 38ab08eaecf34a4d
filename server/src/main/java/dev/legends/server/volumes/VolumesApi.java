package dev.legends.server.volumes;

import dev.legends.pod.VolumeInfo;
import dev.legends.pod.Volumes;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.util.Map;

/** /v1/volumes: create, list, inspect, rm and prune named volumes. Names have no slashes, so they travel in the path. */
public final class VolumesApi {
    private final Volumes volumes;

    public VolumesApi(Volumes volumes) {
        this.volumes = volumes;
    }

    public void register(Router router) {
        router.post("/v1/volumes", r -> {
                    VolumeRequests.Create c = r.body().length == 0 ? new VolumeRequests.Create(null, null) : r.json(VolumeRequests.Create.class);
                    return Response.created(row(volumes.create(c.name(), c.labels() == null ? Map.of() : c.labels())));
                })
                .get("/v1/volumes", r -> Response.json(volumes.list().stream().map(VolumesApi::row).toList()))
                .get("/v1/volumes/{name}", r -> Response.json(row(volumes.inspect(r.param("name")))))
                .delete("/v1/volumes/{name}", r -> {
                    volumes.remove(r.param("name"), r.flag("force"));
                    return Response.json(Map.of("removed", r.param("name")));
                })
                .post("/v1/volumes/prune", r -> {
                    Volumes.Pruned p = volumes.prune();
                    return Response.json(new VolumeRequests.Pruned(p.removed(), p.reclaimedBytes()));
                });
    }

    static VolumeRequests.Row row(VolumeInfo v) {
        return new VolumeRequests.Row(v.name(), v.driver(), v.mountpoint().toString(), v.created().toString(), v.labels(), "local",
                v.anonymous(), v.usedBy());
    }
}
