package dev.legends.network;

import dev.legends.core.LegendsException;
import dev.legends.store.Tx;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Legends IPAM: a pool per network (its range minus the gateway), leases in SQLite. Each
 * allocation or release is one statement set inside the caller's transaction; the (network,
 * address) key refuses a second lease of an address even if two callers raced. Allocation goes
 * round robin from the last address handed out, like CNI host-local, so a just-freed address is
 * not reused at once. A lease with an identity is sticky: releasing it keeps the address for that
 * identity, and the next allocation for the identity gets it back.
 */
final class Ipam {
    /** The pool of one network, as the networks table holds it. */
    record Pool(String network, Subnet subnet, long gateway, long start, long end, long cursor) {}

    private Ipam() {}

    static Pool pool(Tx tx, String network) {
        return tx.queryOne("SELECT name, subnet, gateway, range_start, range_end, cursor FROM networks WHERE name = ?",
                r -> new Pool(r.getString(1), Subnet.parse(r.getString(2)), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6)),
                network).orElseThrow(() -> LegendsException.notFound("no such network: " + network));
    }

    /**
     * Gives {@code owner} an address on {@code network}: {@code requested} if given (--ip), else the
     * identity's sticky address if it has one, else the next free one.
     */
    static long allocate(Tx tx, String network, String owner, String identity, String requested) {
        Pool pool = pool(tx, network);
        long now = Instant.now().toEpochMilli();
        Optional<Long> mine = tx.queryOne("SELECT address FROM leases WHERE network = ? AND owner = ?", r -> r.getLong(1), network, owner);
        if (mine.isPresent()) {
            return mine.get();
        }
        if (requested != null && !requested.isBlank()) {
            long a = Subnet.address(requested);
            check(pool, a, requested);
            Optional<String[]> held = tx.queryOne("SELECT owner, identity FROM leases WHERE network = ? AND address = ?",
                    r -> new String[] {r.getString(1), r.getString(2)}, network, a);
            if (held.isPresent()) {
                String[] h = held.get();
                boolean ours = h[0] == null && h[1] != null && h[1].equals(identity);
                if (!ours) {
                    throw LegendsException.exists("address " + requested + " on network " + network + " is already in use"
                            + (h[0] != null ? " by " + h[0] : " (kept for " + h[1] + ")"));
                }
                tx.update("UPDATE leases SET owner = ?, since_ms = ? WHERE network = ? AND address = ?", owner, now, network, a);
                return a;
            }
            if (identity != null) {
                // the identity moves to its new fixed address
                tx.update("DELETE FROM leases WHERE network = ? AND identity = ? AND owner IS NULL", network, identity);
            }
            insert(tx, network, a, owner, identity, now);
            return a;
        }
        if (identity != null) {
            Optional<Object[]> sticky = tx.queryOne("SELECT address, owner FROM leases WHERE network = ? AND identity = ?",
                    r -> new Object[] {r.getLong(1), r.getString(2)}, network, identity);
            if (sticky.isPresent()) {
                if (sticky.get()[1] != null) {
                    throw LegendsException.exists("identity " + identity + " already holds address "
                            + Subnet.format((Long) sticky.get()[0]) + " on network " + network + " (used by " + sticky.get()[1] + ")");
                }
                tx.update("UPDATE leases SET owner = ?, since_ms = ? WHERE network = ? AND identity = ?", owner, now, network, identity);
                return (Long) sticky.get()[0];
            }
        }
        Set<Long> taken = new HashSet<>(tx.query("SELECT address FROM leases WHERE network = ? AND address BETWEEN ? AND ?",
                r -> r.getLong(1), network, pool.start(), pool.end()));
        long size = pool.end() - pool.start() + 1;
        long from = pool.cursor() < pool.start() || pool.cursor() >= pool.end() ? pool.start() : pool.cursor() + 1;
        for (long i = 0; i < size; i++) {
            long a = pool.start() + (from - pool.start() + i) % size;
            if (a != pool.gateway() && !taken.contains(a)) {
                insert(tx, network, a, owner, identity, now);
                tx.update("UPDATE networks SET cursor = ? WHERE name = ?", a, network);
                return a;
            }
        }
        throw LegendsException.unavailable("network " + network + " has no free address: all " + size + " addresses of "
                + Subnet.format(pool.start()) + "-" + Subnet.format(pool.end()) + " are leased");
    }

    private static void insert(Tx tx, String network, long a, String owner, String identity, long now) {
        tx.update("INSERT INTO leases (network, address, owner, identity, since_ms) VALUES (?,?,?,?,?)", network, a, owner, identity, now);
    }

    private static void check(Pool pool, long a, String text) {
        if (!pool.subnet().contains(a) || a == pool.subnet().network() || a == pool.subnet().broadcast()) {
            throw LegendsException.invalid("address " + text + " is not a host address of network " + pool.network()
                    + " (" + pool.subnet() + ")");
        }
        if (a == pool.gateway()) {
            throw LegendsException.invalid("address " + text + " is the gateway of network " + pool.network());
        }
    }

    /** Gives back {@code owner}'s addresses on {@code network}; sticky ones stay kept for their identity. */
    static void release(Tx tx, String network, String owner) {
        tx.update("DELETE FROM leases WHERE network = ? AND owner = ? AND identity IS NULL", network, owner);
        tx.update("UPDATE leases SET owner = NULL WHERE network = ? AND owner = ?", network, owner);
    }

    /** Drops the address kept for {@code identity} (an instance that is gone for good). */
    static void forget(Tx tx, String network, String identity) {
        tx.update("DELETE FROM leases WHERE network = ? AND identity = ? AND owner IS NULL", network, identity);
    }

    /** Releases the leases of owners that no longer exist; returns how many owners were collected. */
    static int collect(Tx tx, Predicate<String> exists) {
        List<String[]> owners = tx.query("SELECT DISTINCT network, owner FROM leases WHERE owner IS NOT NULL",
                r -> new String[] {r.getString(1), r.getString(2)});
        int n = 0;
        for (String[] o : owners) {
            if (!exists.test(o[1])) {
                release(tx, o[0], o[1]);
                n++;
            }
        }
        return n;
    }

    static List<Lease> leases(Tx tx, String network) {
        return tx.query("SELECT network, address, owner, identity, since_ms FROM leases WHERE network = ? ORDER BY address",
                r -> new Lease(r.getString(1), Subnet.format(r.getLong(2)), r.getString(3), r.getString(4),
                        Instant.ofEpochMilli(r.getLong(5))), network);
    }
}
