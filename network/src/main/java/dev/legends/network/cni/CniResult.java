package dev.legends.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What a plugin chain answered to ADD (spec 1.0.0): interfaces, addresses, routes, DNS. */
public record CniResult(JsonNode json) {
    public record Iface(String name, String mac, String sandbox) {}

    public List<Iface> interfaces() {
        List<Iface> l = new ArrayList<>();
        json.path("interfaces").forEach(i -> l.add(new Iface(i.path("name").asText(), i.path("mac").asText(null),
                i.path("sandbox").asText(null))));
        return l;
    }

    /** The first IPv4 address with its prefix, e.g. 10.88.0.5/16; null when the chain gave none. */
    public String address() {
        for (JsonNode ip : json.path("ips")) {
            String a = ip.path("address").asText("");
            if (a.contains(".")) {
                return a;
            }
        }
        return null;
    }

    public String gateway() {
        for (JsonNode ip : json.path("ips")) {
            if (ip.path("address").asText("").contains(".")) {
                return ip.path("gateway").asText(null);
            }
        }
        return null;
    }

    /** The interface made inside the sandbox named {@code ifname}. */
    public Iface sandboxInterface(String ifname) {
        return interfaces().stream().filter(i -> i.sandbox() != null && !i.sandbox().isEmpty() && i.name().equals(ifname))
                .findFirst().orElse(null);
    }

    /** The host end of the veth pair: on the host, and not the bridge. */
    public Iface hostVeth(String bridge) {
        return interfaces().stream().filter(i -> (i.sandbox() == null || i.sandbox().isEmpty()) && !i.name().equals(bridge))
                .findFirst().orElse(null);
    }
}
