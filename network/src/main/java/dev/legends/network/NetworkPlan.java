package dev.legends.network;

import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A network spec checked against the host and the networks already there, before anything is
 * made: a free name and bridge, a subnet that overlaps neither another network nor a host route,
 * a gateway and an address range inside it.
 *
 * @param others the networks that exist: the new bridge is isolated from each of theirs
 */
record NetworkPlan(String name, String bridge, Subnet subnet, long gateway, long rangeStart, long rangeEnd, IpamMode ipam,
                   List<NetworkInfo> others) {
    private static final Set<String> RESERVED = Set.of("none", "host", "default", "bridge", "container");

    /** The plan for {@code spec}; {@code networks} is read only once the name and bridge are known to be well formed. */
    static NetworkPlan of(NetworkSpec spec, NetworkOptions options, Supplier<List<NetworkInfo>> networks) {
        String name = spec.name();
        if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
            throw LegendsException.invalid("invalid network name " + name + ": use letters, digits, '_', '.', '-'");
        }
        if (RESERVED.contains(name)) {
            throw LegendsException.invalid("network name " + name + " is reserved");
        }
        IpamMode ipam = IpamMode.parse(spec.ipam());
        String bridge = spec.bridge() != null ? spec.bridge()
                : name.equals(Networks.DEFAULT) ? options.defaultBridge() : "lg-" + name.substring(0, Math.min(name.length(), 12));
        if (!bridge.matches("[a-zA-Z0-9_.-]{1,15}")) {
            throw LegendsException.invalid("invalid bridge name " + bridge + ": at most 15 letters, digits, '_', '.', '-'");
        }
        List<NetworkInfo> existing = networks.get();
        if (existing.stream().anyMatch(n -> n.name().equals(name))) {
            throw LegendsException.exists("network " + name + " already exists");
        }
        if (existing.stream().anyMatch(n -> n.bridge().equals(bridge)) || Host.linkExists(bridge)) {
            throw LegendsException.exists("network " + name + ": the interface " + bridge + " already exists on the host");
        }
        List<Subnet> routes = Host.routes();
        Subnet subnet = spec.subnet() == null || spec.subnet().isBlank()
                ? freeSubnet(options, existing, routes) : Subnet.parse(spec.subnet());
        // networks first: a network's bridge is a host route too, and its name says more
        for (NetworkInfo n : existing) {
            if (Subnet.parse(n.subnet()).overlaps(subnet)) {
                throw LegendsException.invalid("subnet " + subnet + " overlaps network " + n.name() + " (" + n.subnet() + ")");
            }
        }
        for (Subnet r : routes) {
            if (r.overlaps(subnet)) {
                throw LegendsException.invalid("subnet " + subnet + " overlaps the host route " + r + ": pick another subnet");
            }
        }
        long gateway = spec.gateway() == null || spec.gateway().isBlank() ? subnet.firstHost() : Subnet.address(spec.gateway());
        if (!subnet.contains(gateway) || gateway == subnet.network() || gateway == subnet.broadcast()) {
            throw LegendsException.invalid("gateway " + Subnet.format(gateway) + " is not a host address of subnet " + subnet);
        }
        long start = subnet.firstHost();
        long end = subnet.lastHost();
        if (spec.ipRange() != null && !spec.ipRange().isBlank()) {
            Subnet range = Subnet.parse(spec.ipRange());
            if (!subnet.contains(range.network()) || range.prefix() < subnet.prefix()) {
                throw LegendsException.invalid("ip range " + range + " is not inside subnet " + subnet);
            }
            start = Math.max(range.network(), start);
            end = Math.min(range.broadcast(), end);
        }
        return new NetworkPlan(name, bridge, subnet, gateway, start, end, ipam, existing);
    }

    /** The preferred default subnet if it is free, else the first free 10.x.0.0/16 from 10.88. */
    private static Subnet freeSubnet(NetworkOptions options, List<NetworkInfo> existing, List<Subnet> routes) {
        List<Subnet> candidates = new ArrayList<>();
        if (options.defaultSubnet() != null) {
            candidates.add(Subnet.parse(options.defaultSubnet()));
        }
        for (int i = 88; i < 100; i++) {
            candidates.add(new Subnet(Subnet.address("10." + i + ".0.0"), 16));
        }
        for (Subnet c : candidates) {
            boolean taken = routes.stream().anyMatch(c::overlaps)
                    || existing.stream().anyMatch(n -> Subnet.parse(n.subnet()).overlaps(c));
            if (!taken) {
                return c;
            }
        }
        throw LegendsException.unavailable("no free subnet for a new network in 10.88.0.0-10.99.255.255: give one with --subnet");
    }
}
