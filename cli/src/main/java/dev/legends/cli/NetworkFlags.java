package dev.legends.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The network options of `run` and `pod create`: which networks, a fixed address, published ports. */
final class NetworkFlags {
    @Option(names = {"--network", "--net"}, paramLabel = "NAME|none|host",
            description = "Join a network (repeatable; default: the network legends), none (loopback only) or host")
    List<String> networks = new ArrayList<>();

    @Option(names = "--ip", description = "A fixed IPv4 address on the first network")
    String ip;

    @Option(names = {"-p", "--publish"}, paramLabel = "[HOSTIP:]HOSTPORT:CONTAINERPORT[/PROTO]",
            description = "Map a host port to a container port (in a pod: a port of the pod) (repeatable)")
    List<String> publish = new ArrayList<>();

    /** The networks as the API takes them: comma-separated, or null for the default. */
    String network() {
        return networks.isEmpty() ? null : String.join(",", networks);
    }
}
