package dev.legends.network;

import java.util.List;

/**
 * Connect a pod or standalone container to networks.
 *
 * @param owner    the pod's or container's id: it names the netns pin, the CNI container id, the leases
 * @param identity sticky identity (an app instance's name or ordinal) or null
 * @param names    the names peers resolve it by (container or pod name, hostname)
 * @param networks empty: the default network
 * @param ip       a fixed address on the first network (--ip), or null
 * @param ports    mapped on the first network
 */
public record AttachRequest(String owner, String identity, List<String> names, List<String> networks, String ip,
                            List<PortMapping> ports) {
    public AttachRequest {
        names = names == null ? List.of() : names.stream().filter(n -> n != null && !n.isBlank()).distinct().toList();
        networks = networks == null || networks.isEmpty() ? List.of(Networks.DEFAULT) : List.copyOf(networks);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
