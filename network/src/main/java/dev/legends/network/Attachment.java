package dev.legends.network;

import java.util.List;

/**
 * A pod's or container's interface on one network: what CNI made (the container end of a veth pair
 * in the bridge) and what Legends gave it.
 *
 * @param hostVeth  the host end of the veth pair, a port of {@code bridge}
 * @param address   with its prefix, e.g. 10.88.0.5/16
 * @param rules     the iptables rules made for it (NAT, port mapping), as iptables -S prints them
 * @param peerIndex the interface index of the veth's other end, inside the namespace ({@code eth0@ifN}
 *                  there shows the host end's index); -1 when not looked up
 * @param routes    the routes CNI put into the namespace, e.g. {@code 0.0.0.0/0 via 10.88.0.1}
 */
public record Attachment(String owner, String network, String ifname, String bridge, String address, String gateway, String mac,
                         String hostVeth, List<String> names, List<PortMapping> ports, List<String> rules, int peerIndex,
                         List<String> routes) {
    public Attachment {
        names = List.copyOf(names);
        ports = List.copyOf(ports);
        rules = rules == null ? List.of() : List.copyOf(rules);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** The address without its prefix. */
    public String ip() {
        int slash = address == null ? -1 : address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }
}
