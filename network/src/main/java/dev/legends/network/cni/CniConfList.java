package dev.legends.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.List;

/**
 * A CNI network configuration list: a name, a spec version and the plugins run in order on ADD
 * (and in reverse on DEL), as a {@code .conflist} file holds them.
 */
public record CniConfList(String cniVersion, String name, List<ObjectNode> plugins) {
    public CniConfList {
        if (name == null || name.isBlank()) {
            throw LegendsException.invalid("a CNI network configuration needs a name");
        }
        if (plugins == null || plugins.isEmpty()) {
            throw LegendsException.invalid("CNI network " + name + " has no plugins");
        }
        for (ObjectNode p : plugins) {
            if (!p.hasNonNull("type")) {
                throw LegendsException.invalid("CNI network " + name + ": a plugin has no type");
            }
        }
        plugins = List.copyOf(plugins);
    }

    /** Reads a conflist's JSON. */
    public static CniConfList parse(byte[] json) {
        JsonNode n = Json.read(json, JsonNode.class);
        List<ObjectNode> plugins = new ArrayList<>();
        if (n.get("plugins") instanceof ArrayNode a) {
            a.forEach(p -> plugins.add((ObjectNode) p));
        }
        return new CniConfList(n.path("cniVersion").asText("1.0.0"), n.path("name").asText(null), plugins);
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("cniVersion", cniVersion);
        n.put("name", name);
        ArrayNode a = n.putArray("plugins");
        plugins.forEach(a::add);
        return n;
    }
}
