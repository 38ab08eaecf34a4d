package dev.legends.network;

import dev.legends.core.LegendsException;
import dev.legends.store.Store;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Host ports asked for with {@code -p}, checked before anything is set up: a port another mapping
 * holds (the ports table) or a host process listens on is refused with one clear line.
 */
final class Ports {
    private Ports() {}

    static void check(Store store, List<PortMapping> ports) {
        Set<String> seen = new HashSet<>();
        for (PortMapping p : ports) {
            if (!seen.add(p.protocol() + p.hostPort())) {
                throw LegendsException.invalid("host port " + p.hostPort() + "/" + p.protocol() + " is mapped twice");
            }
            store.inTransaction(tx -> tx.queryOne("SELECT owner FROM ports WHERE protocol = ? AND host_port = ?", r -> r.getString(1),
                    p.protocol(), p.hostPort())).ifPresent(owner -> {
                        throw LegendsException.exists("host port " + p.hostPort() + "/" + p.protocol() + " is already mapped to " + owner);
                    });
            if (!bindable(p)) {
                throw LegendsException.exists("host port " + p.hostPort() + "/" + p.protocol() + " is already in use on the host");
            }
        }
    }

    /** A port a host process listens on would shadow the DNAT rule for local clients: try to bind it first. */
    private static boolean bindable(PortMapping p) {
        try {
            InetSocketAddress at = new InetSocketAddress(p.hostIp().isEmpty() ? InetAddress.getByName("0.0.0.0")
                    : InetAddress.getByName(p.hostIp()), p.hostPort());
            if (p.protocol().equals("udp")) {
                try (DatagramSocket s = new DatagramSocket(at)) {
                    return s.isBound();
                }
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(at);
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }
}
