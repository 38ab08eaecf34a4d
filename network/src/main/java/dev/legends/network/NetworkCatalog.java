package dev.legends.network;

import dev.legends.core.LegendsException;
import dev.legends.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networks themselves: their rows, their bridges and the isolation rules between them, their
 * leases. Callers hold the {@link Networks} lock for every mutation.
 */
final class NetworkCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkCatalog.class);

    private final Store store;
    private final NetworkOptions options;
    private final Dhcp dhcp;
    private final AttachmentRecords records;

    NetworkCatalog(Store store, NetworkOptions options, Dhcp dhcp, AttachmentRecords records) {
        this.store = store;
        this.options = options;
        this.dhcp = dhcp;
        this.records = records;
    }

    NetworkInfo create(NetworkSpec spec) {
        NetworkPlan p = NetworkPlan.of(spec, options, this::list);
        store.inTransaction(tx -> tx.update("INSERT INTO networks (name, bridge, subnet, gateway, range_start, range_end, ipam, "
                + "created_ms) VALUES (?,?,?,?,?,?,?,?)", p.name(), p.bridge(), p.subnet().toString(), p.gateway(), p.rangeStart(),
                p.rangeEnd(), p.ipam().toString(), Instant.now().toEpochMilli()));
        try {
            for (NetworkInfo other : p.others()) {
                Host.isolate(p.bridge(), other.bridge());
            }
        } catch (LegendsException ex) {
            for (NetworkInfo other : p.others()) {
                Host.unisolate(p.bridge(), other.bridge());
            }
            store.inTransaction(tx -> tx.update("DELETE FROM networks WHERE name = ?", p.name()));
            throw ex.wrap("network create " + p.name());
        }
        LOG.info("network {} created: bridge {}, subnet {}, gateway {}", p.name(), p.bridge(), p.subnet(), Subnet.format(p.gateway()));
        return inspect(p.name());
    }

    NetworkInfo ensure(String name) {
        if (name.equals(Networks.DEFAULT) && find(name) == null) {
            // no subnet given: the preferred one if it is free, else the next free 10.x.0.0/16
            return create(new NetworkSpec(Networks.DEFAULT, null, null, null, null, options.defaultBridge()));
        }
        return inspect(name);
    }

    List<NetworkInfo> list() {
        return store.inTransaction(tx -> tx.query("SELECT name FROM networks ORDER BY created_ms", r -> r.getString(1)))
                .stream().map(this::inspect).toList();
    }

    NetworkInfo inspect(String name) {
        NetworkInfo n = find(name);
        if (n == null) {
            throw LegendsException.notFound("no such network: " + name);
        }
        return n;
    }

    private NetworkInfo find(String name) {
        return store.inTransaction(tx -> tx.queryOne("SELECT name, bridge, subnet, gateway, range_start, range_end, ipam, created_ms "
                + "FROM networks WHERE name = ?", r -> new NetworkInfo(r.getString(1), r.getString(2), r.getString(3),
                Subnet.format(r.getLong(4)), Subnet.format(r.getLong(5)), Subnet.format(r.getLong(6)), IpamMode.parse(r.getString(7)),
                Instant.ofEpochMilli(r.getLong(8)), tx.query("SELECT owner FROM attachments WHERE network = ? ORDER BY created_ms",
                        o -> o.getString(1), r.getString(1))), name).orElse(null));
    }

    void remove(String name) {
        NetworkInfo n = inspect(name);
        if (!n.owners().isEmpty()) {
            List<String> who = records.onNetwork(name).stream().map(a -> a.names().isEmpty() ? a.owner() : a.names().getFirst()).toList();
            throw LegendsException.precondition("network " + name + " is in use by " + n.owners().size()
                    + " pods or containers (" + String.join(", ", who) + "): remove them first");
        }
        for (NetworkInfo other : list()) {
            if (!other.name().equals(name)) {
                Host.unisolate(n.bridge(), other.bridge());
            }
        }
        if (n.ipam() == IpamMode.DHCP) {
            dhcp.stopServer(name);
        }
        Host.deleteLink(n.bridge());
        if (n.ipam() == IpamMode.DHCP && list().stream().noneMatch(o -> o.ipam() == IpamMode.DHCP && !o.name().equals(name))) {
            dhcp.stopDaemon();
        }
        store.inTransaction(tx -> {
            tx.update("DELETE FROM leases WHERE network = ?", name);
            tx.update("DELETE FROM networks WHERE name = ?", name);
            return null;
        });
        LOG.info("network {} removed", name);
    }

    void removeDefaultIfUnused() {
        NetworkInfo n = find(Networks.DEFAULT);
        if (n != null && n.owners().isEmpty() && leases(Networks.DEFAULT).isEmpty()) {
            try {
                remove(Networks.DEFAULT);
            } catch (LegendsException e) {
                LOG.warn("could not remove the idle default network: {}", e.getMessage());
            }
        }
    }

    List<Lease> leases(String network) {
        inspect(network);
        return store.inTransaction(tx -> Ipam.leases(tx, network));
    }

    void forget(String network, String identity) {
        store.inTransaction(tx -> {
            Ipam.forget(tx, network, identity);
            return null;
        });
    }

    /** Releases the leases of owners that no longer exist; returns how many. */
    int collectLeases(Predicate<String> exists) {
        return store.inTransaction(tx -> Ipam.collect(tx, exists));
    }
}
