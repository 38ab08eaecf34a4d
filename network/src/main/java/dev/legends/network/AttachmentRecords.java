package dev.legends.network;

import dev.legends.core.Json;
import dev.legends.store.Store;
import dev.legends.store.Tx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The attachments and ports tables: who is on which network, with which address and host ports.
 * A row is written before CNI runs (so that an address and a port are taken under the store's
 * lock) and completed from CNI's result after.
 */
final class AttachmentRecords {
    private final Store store;

    AttachmentRecords(Store store) {
        this.store = store;
    }

    List<Attachment> ofOwner(String owner) {
        return rows("a.owner = ?", owner);
    }

    List<Attachment> onNetwork(String network) {
        return rows("a.network = ?", network);
    }

    /** The attachments of everyone but {@code owner} on {@code networks}. */
    List<Attachment> peers(String owner, List<String> networks) {
        List<Attachment> l = new ArrayList<>();
        for (String n : networks) {
            l.addAll(rows("a.network = ? AND a.owner <> ?", n, owner));
        }
        return l;
    }

    List<String> owners() {
        return store.inTransaction(tx -> tx.query("SELECT DISTINCT owner FROM attachments", r -> r.getString(1)));
    }

    /**
     * Records {@code r.owner()} on {@code net} with its host ports, and with an address from Legends
     * IPAM when the network uses it; returns that address as a CIDR, or null.
     */
    String insert(AttachRequest r, NetworkInfo net, String ifname, Path pin, boolean first, List<PortMapping> ports) {
        return store.inTransaction(tx -> {
            String address = null;
            if (net.ipam() == IpamMode.LEGENDS) {
                Ipam.Pool pool = Ipam.pool(tx, net.name());
                long a = Ipam.allocate(tx, net.name(), r.owner(), r.identity(), first ? r.ip() : null);
                address = Subnet.format(a) + "/" + pool.subnet().prefix();
            }
            tx.update("INSERT INTO attachments (owner, network, ifname, netns, address, gateway, identity, names, ports, created_ms) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?)", r.owner(), net.name(), ifname, pin.toString(), address, net.gateway(),
                    r.identity(), Json.compact(r.names()), Json.compact(ports), Instant.now().toEpochMilli());
            for (PortMapping p : ports) {
                tx.update("INSERT INTO ports (protocol, host_port, owner) VALUES (?,?,?)", p.protocol(), p.hostPort(), r.owner());
            }
            return address;
        });
    }

    /** Completes the row with what CNI's ADD made. */
    void complete(String owner, String network, String address, String gateway, String mac, String hostVeth) {
        store.inTransaction(tx -> tx.update("UPDATE attachments SET address = ?, gateway = ?, mac = ?, host_veth = ? "
                + "WHERE owner = ? AND network = ?", address, gateway, mac, hostVeth, owner, network));
    }

    /** Drops the row, the lease (a sticky one is kept) and the host ports. */
    void forget(String owner, String network) {
        store.inTransaction(tx -> {
            forget(tx, owner, network);
            return null;
        });
    }

    private static void forget(Tx tx, String owner, String network) {
        Ipam.release(tx, network, owner);
        tx.update("DELETE FROM attachments WHERE owner = ? AND network = ?", owner, network);
        tx.update("DELETE FROM ports WHERE owner = ?", owner);
    }

    private List<Attachment> rows(String where, Object... args) {
        return store.inTransaction(tx -> tx.query("SELECT a.owner, a.network, a.ifname, n.bridge, a.address, a.gateway, a.mac, "
                + "a.host_veth, a.names, a.ports FROM attachments a JOIN networks n ON n.name = a.network WHERE " + where
                + " ORDER BY a.created_ms, a.ifname", r -> new Attachment(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                Json.read(r.getString(9).getBytes(StandardCharsets.UTF_8), Json.listOf(String.class)),
                Json.read(r.getString(10).getBytes(StandardCharsets.UTF_8), Json.listOf(PortMapping.class)), List.of(), -1, List.of()), args));
    }
}
