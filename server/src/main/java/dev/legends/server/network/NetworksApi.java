package dev.legends.server.network;

import dev.legends.network.Attachment;
import dev.legends.network.Lease;
import dev.legends.network.NetworkInfo;
import dev.legends.network.NetworkSpec;
import dev.legends.network.Networks;
import dev.legends.network.PortMapping;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.time.Instant;
import java.util.Map;

/** /v1/networks: create, list, inspect, rm, and a network's IPAM leases. */
public final class NetworksApi {
    private final Networks networks;

    public NetworksApi(Networks networks) {
        this.networks = networks;
    }

    public void register(Router router) {
        router.post("/v1/networks", r -> {
                    NetworkRequests.Create c = r.json(NetworkRequests.Create.class);
                    return Response.created(row(networks.create(new NetworkSpec(c.name(), c.subnet(), c.gateway(), c.ipRange(),
                            c.ipam(), null))));
                })
                .get("/v1/networks", r -> Response.json(networks.list().stream().map(NetworksApi::row).toList()))
                .get("/v1/networks/{name}", r -> Response.json(Map.of("network", row(networks.inspect(r.param("name"))),
                        "attachments", networks.members(r.param("name")).stream().map(NetworksApi::row).toList())))
                .get("/v1/networks/{name}/ipam", r -> Response.json(networks.leases(r.param("name")).stream().map(NetworksApi::row).toList()))
                .delete("/v1/networks/{name}", r -> {
                    networks.remove(r.param("name"));
                    return Response.json(Map.of("removed", r.param("name")));
                });
    }

    public static NetworkRequests.Row row(NetworkInfo n) {
        return new NetworkRequests.Row(n.name(), n.bridge(), n.subnet(), n.gateway(), n.rangeStart(), n.rangeEnd(), n.ipam().toString(),
                time(n.created()), n.owners());
    }

    public static NetworkRequests.LeaseRow row(Lease l) {
        return new NetworkRequests.LeaseRow(l.network(), l.address(), l.owner(), l.identity(), l.sticky(), time(l.since()));
    }

    public static NetworkRequests.AttachmentRow row(Attachment a) {
        return new NetworkRequests.AttachmentRow(a.owner(), a.network(), a.ifname(), a.bridge(), a.address(), a.gateway(), a.mac(),
                a.hostVeth(), a.peerIndex(), a.names(), a.ports().stream().map(PortMapping::toString).toList(), a.routes(), a.rules());
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
