package dev.legends.network;

import dev.legends.core.LegendsException;
import java.util.Locale;

/**
 * One {@code -p [HOSTIP:]HOSTPORT:CONTAINERPORT[/PROTO]}: host traffic to {@code hostPort} goes to
 * the container's {@code containerPort} through the portmap plugin's DNAT rules.
 *
 * @param hostIp empty: every host address, 127.0.0.1 included
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
    public PortMapping {
        hostIp = hostIp == null ? "" : hostIp;
        protocol = protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw LegendsException.invalid("invalid port protocol " + protocol + ": use tcp or udp");
        }
        check(hostPort, "host");
        check(containerPort, "container");
        if (!hostIp.isEmpty()) {
            Subnet.address(hostIp);
        }
    }

    public static PortMapping parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        String proto = "tcp";
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            proto = s.substring(slash + 1);
            s = s.substring(0, slash);
        }
        String[] parts = s.split(":", -1);
        try {
            return switch (parts.length) {
                case 2 -> new PortMapping("", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), proto);
                case 3 -> new PortMapping(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), proto);
                default -> throw LegendsException.invalid("invalid port mapping " + spec
                        + ": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp], e.g. 8080:80");
            };
        } catch (NumberFormatException e) {
            throw LegendsException.invalid("invalid port mapping " + spec + ": ports are numbers from 1 to 65535");
        }
    }

    private static void check(int port, String side) {
        if (port < 1 || port > 65535) {
            throw LegendsException.invalid("invalid " + side + " port " + port + ": ports are numbers from 1 to 65535");
        }
    }

    @Override
    public String toString() {
        return (hostIp.isEmpty() ? "" : hostIp + ":") + hostPort + ":" + containerPort + "/" + protocol;
    }
}
