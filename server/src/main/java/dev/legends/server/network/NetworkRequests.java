package dev.legends.server.network;

import java.util.List;

/** The wire forms of the network API, shared with the CLI. Times are RFC 3339 in UTC. */
public final class NetworkRequests {
    private NetworkRequests() {}

    /** {@code legends network create}'s options; null fields take the defaults. */
    public record Create(String name, String subnet, String gateway, String ipRange, String ipam) {}

    public record Row(String name, String bridge, String subnet, String gateway, String rangeStart, String rangeEnd, String ipam,
                      String created, List<String> owners) {}

    public record LeaseRow(String network, String address, String owner, String identity, boolean sticky, String since) {}

    /** One interface of a pod or container: the veth pair, bridge, address and the iptables rules made for it. */
    public record AttachmentRow(String owner, String network, String ifname, String bridge, String address, String gateway,
                                String mac, String hostVeth, int peerIndex, List<String> names, List<String> ports, List<String> routes,
                                List<String> rules) {}
}
