package dev.legends.network;

import dev.legends.core.LegendsException;
import dev.legends.network.cni.CniRuntime;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network layer's entry point: networks (a bridge, a subnet, a pool), and the attachment of
 * pods and containers to them through CNI: a pinned network namespace per owner, bridge + IPAM
 * + portmap + loopback as one plugin list, leases in SQLite, hosts files for names. Every step that
 * made something is taken back when a later one fails, so a failed attach leaves nothing behind.
 * Mutations are serialized here, and only here: they are rare, and one lock keeps hosts files and
 * iptables consistent. The classes behind this one (the catalog of networks, the attacher, the
 * records, the hosts files) take no lock of their own.
 */
public final class Networks {
    private static final Logger LOG = LoggerFactory.getLogger(Networks.class);

    /** The network layer's tables: open the store with it. */
    public static final Schema SCHEMA = Tables.SCHEMA;
    /** The network containers join when none is named. */
    public static final String DEFAULT = "legends";

    private final NetworkCatalog catalog;
    private final AttachmentRecords records;
    private final HostsSync hosts;
    private final Attacher attacher;

    private Networks(Store store, NetworkOptions options) {
        Dhcp dhcp = new Dhcp(options.runDir().resolve("dhcp"), options.pluginDirs());
        CniRuntime cni = new CniRuntime(options.pluginDirs(), options.runDir().resolve("cni-cache"), options.timeout());
        this.records = new AttachmentRecords(store);
        this.catalog = new NetworkCatalog(store, options, dhcp, records);
        this.hosts = new HostsSync(new HostsFiles(options.runDir().resolve("hosts")), records);
        this.attacher = new Attacher(store, options, catalog, records, hosts, dhcp, cni);
    }

    /** Opens the layer on {@code store}, which must have been opened with {@link #SCHEMA}. */
    public static Networks open(Store store, NetworkOptions options) {
        return new Networks(store, options);
    }

    // ---- networks

    public synchronized NetworkInfo create(NetworkSpec spec) {
        return catalog.create(spec);
    }

    /** The network {@code name}; the default network is created on first use. */
    public synchronized NetworkInfo ensure(String name) {
        return catalog.ensure(name);
    }

    public List<NetworkInfo> list() {
        return catalog.list();
    }

    public NetworkInfo inspect(String name) {
        return catalog.inspect(name);
    }

    /** Removes an unused network: its bridge, its isolation rules, its leases (sticky ones too). */
    public synchronized void remove(String name) {
        catalog.remove(name);
    }

    /**
     * Removes the default network when nobody is attached and no sticky address is kept on it: an
     * idle default bridge does not stay on the host (a killed daemon leaves none behind once its
     * containers are removed); the next container makes it again.
     */
    public synchronized void removeDefaultIfUnused() {
        catalog.removeDefaultIfUnused();
    }

    public List<Lease> leases(String network) {
        return catalog.leases(network);
    }

    /** Drops the address kept for a sticky identity that is gone for good. */
    public void forget(String network, String identity) {
        catalog.forget(network, identity);
    }

    // ---- attachments

    /** The pinned network namespace of {@code owner}, to be given to the runtime as the net namespace path. */
    public Path netns(String owner) {
        return attacher.netns(owner);
    }

    public Path hostsFile(String owner) {
        return hosts.hosts(owner);
    }

    public Path resolvConf(String owner) {
        return hosts.resolvConf(owner);
    }

    /** Whether {@code owner} has a live namespace with its attachments (false after a reboot emptied the run dir). */
    public boolean ready(String owner) {
        return Host.isNetns(netns(owner)) && !attachments(owner).isEmpty();
    }

    /**
     * Makes {@code r.owner()}'s network namespace and attaches it to each network. Bad input (an
     * unknown network, a taken port or address) fails before anything is made.
     */
    public synchronized List<Attachment> attach(AttachRequest r) {
        return attacher.attach(r);
    }

    /** Every attachment to {@code network}, as recorded (no rules). */
    public List<Attachment> members(String network) {
        catalog.inspect(network);
        return records.onNetwork(network);
    }

    /** {@code owner}'s attachments as recorded (no rules: cheap enough for list views). */
    public List<Attachment> attachments(String owner) {
        return records.ofOwner(owner);
    }

    /** Everything {@code owner} has on its networks, with the iptables rules CNI made for it. */
    public List<Attachment> details(String owner) {
        return attacher.details(owner);
    }

    /** Runs CNI CHECK on each of {@code owner}'s attachments: throws if one is not as ADD left it. */
    public void check(String owner) {
        attacher.check(owner);
    }

    /**
     * Takes {@code owner} off every network: CNI DEL (from the cache of the ADD; a lost cache is
     * rebuilt from the record), leases given back (sticky ones kept), netns and hosts files gone.
     * Errors are collected, not stopped on: cleaning up more beats cleaning up less.
     */
    public synchronized void detach(String owner) {
        attacher.detach(owner);
    }

    /** Detaches owners that no longer exist and releases their leases; returns how many were collected. */
    public synchronized int collect(Predicate<String> exists) {
        Set<String> gone = new LinkedHashSet<>();
        records.owners().stream().filter(o -> !exists.test(o)).forEach(gone::add);
        for (String o : gone) {
            try {
                attacher.detach(o);
            } catch (LegendsException e) {
                LOG.warn("collect {}: {}", o, e.getMessage());
            }
        }
        return gone.size() + catalog.collectLeases(exists);
    }
}
