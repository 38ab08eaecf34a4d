package dev.legends.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.Json;
import dev.legends.network.cni.CniConfList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The plugin chain every attachment runs: bridge (with the network's IPAM: static with the address
 * Legends IPAM chose, host-local, or dhcp), portmap when it publishes ports (each plugin is a
 * process to start, so a chain without it sets a container up sooner), loopback. The same chain
 * is rebuilt from the record for a DEL whose cache was lost.
 */
final class ConfLists {
    private ConfLists() {}

    static CniConfList of(NetworkInfo net, String address, Path hostLocalDir, Path dhcpSocket, boolean publishes) {
        ObjectNode bridge = Json.mapper().createObjectNode();
        bridge.put("type", "bridge");
        bridge.put("bridge", net.bridge());
        bridge.put("isGateway", true);
        bridge.put("ipMasq", true);
        bridge.put("hairpinMode", true);
        ObjectNode ipam = bridge.putObject("ipam");
        ArrayNode routes = Json.mapper().createArrayNode();
        routes.addObject().put("dst", "0.0.0.0/0");
        switch (net.ipam()) {
            case LEGENDS -> {
                ipam.put("type", "static");
                ipam.putArray("addresses").addObject().put("address", address).put("gateway", net.gateway());
                ipam.set("routes", routes);
            }
            case HOST_LOCAL -> {
                ipam.put("type", "host-local");
                ipam.put("dataDir", hostLocalDir.toString());
                ipam.putArray("ranges").addArray().addObject().put("subnet", net.subnet()).put("rangeStart", net.rangeStart())
                        .put("rangeEnd", net.rangeEnd()).put("gateway", net.gateway());
                ipam.set("routes", routes);
            }
            // DHCP's router option gives the default route
            case DHCP -> ipam.put("type", "dhcp").put("daemonSocketPath", dhcpSocket.toString());
        }
        ObjectNode portmap = Json.mapper().createObjectNode();
        portmap.put("type", "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        portmap.put("snat", true);
        ObjectNode loopback = Json.mapper().createObjectNode();
        loopback.put("type", "loopback");
        return new CniConfList("1.0.0", net.name(), publishes ? List.of(bridge, portmap, loopback) : List.of(bridge, loopback));
    }

    /** The portmap plugin's {@code portMappings} capability, as runtimeConfig carries it. */
    static Map<String, Object> capabilities(List<PortMapping> ports) {
        if (ports.isEmpty()) {
            return Map.of();
        }
        return Map.of("portMappings", ports.stream().map(p -> Map.of("hostPort", p.hostPort(), "containerPort", p.containerPort(),
                "protocol", p.protocol(), "hostIP", p.hostIp())).toList());
    }
}
