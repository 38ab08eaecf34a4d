package dev.legends.network;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.network.cni.CniConfList;
import dev.legends.network.cni.CniResult;
import dev.legends.network.cni.CniRuntime;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import dev.legends.store.Tx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * Mutations are serialized: they are rare, and it keeps hosts files and iptables consistent.
 */
public final class Networks {
    private static final Logger LOG = LoggerFactory.getLogger(Networks.class);

    /** The network layer's tables: open the store with it. */
    public static final Schema SCHEMA = Tables.SCHEMA;
    /** The network containers join when none is named. */
    public static final String DEFAULT = "legends";

    private static final Set<String> RESERVED = Set.of("none", "host", "default", "bridge", "container");

    private final Store store;
    private final NetworkOptions options;
    private final CniRuntime cni;
    private final HostsFiles hosts;
    private final Dhcp dhcp;

    private Networks(Store store, NetworkOptions options) {
        this.dhcp = new Dhcp(options.runDir().resolve("dhcp"), options.pluginDirs());
        this.store = store;
        this.options = options;
        this.cni = new CniRuntime(options.pluginDirs(), options.runDir().resolve("cni-cache"), options.timeout());
        this.hosts = new HostsFiles(options.runDir().resolve("hosts"));
    }

    /** Opens the layer on {@code store}, which must have been opened with {@link #SCHEMA}. */
    public static Networks open(Store store, NetworkOptions options) {
        return new Networks(store, options);
    }

    // ---- networks

    public synchronized NetworkInfo create(NetworkSpec spec) {
        String name = spec.name();
        if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
            throw LegendsException.invalid("invalid network name " + name + ": use letters, digits, '_', '.', '-'");
        }
        if (RESERVED.contains(name)) {
            throw LegendsException.invalid("network name " + name + " is reserved");
        }
        IpamMode ipam = IpamMode.parse(spec.ipam());
        String bridge = spec.bridge() != null ? spec.bridge()
                : name.equals(DEFAULT) ? options.defaultBridge() : "lg-" + name.substring(0, Math.min(name.length(), 12));
        if (!bridge.matches("[a-zA-Z0-9_.-]{1,15}")) {
            throw LegendsException.invalid("invalid bridge name " + bridge + ": at most 15 letters, digits, '_', '.', '-'");
        }
        List<NetworkInfo> existing = list();
        if (existing.stream().anyMatch(n -> n.name().equals(name))) {
            throw LegendsException.exists("network " + name + " already exists");
        }
        if (existing.stream().anyMatch(n -> n.bridge().equals(bridge)) || Host.linkExists(bridge)) {
            throw LegendsException.exists("network " + name + ": the interface " + bridge + " already exists on the host");
        }
        List<Subnet> routes = Host.routes();
        Subnet subnet = spec.subnet() == null || spec.subnet().isBlank() ? freeSubnet(existing, routes) : Subnet.parse(spec.subnet());
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
        long s = start;
        long e = end;
        store.inTransaction(tx -> tx.update("INSERT INTO networks (name, bridge, subnet, gateway, range_start, range_end, ipam, "
                + "created_ms) VALUES (?,?,?,?,?,?,?,?)", name, bridge, subnet.toString(), gateway, s, e, ipam.toString(),
                Instant.now().toEpochMilli()));
        try {
            for (NetworkInfo other : existing) {
                Host.isolate(bridge, other.bridge());
            }
        } catch (LegendsException ex) {
            for (NetworkInfo other : existing) {
                Host.unisolate(bridge, other.bridge());
            }
            store.inTransaction(tx -> tx.update("DELETE FROM networks WHERE name = ?", name));
            throw ex.wrap("network create " + name);
        }
        LOG.info("network {} created: bridge {}, subnet {}, gateway {}", name, bridge, subnet, Subnet.format(gateway));
        return inspect(name);
    }

    private Subnet freeSubnet(List<NetworkInfo> existing, List<Subnet> routes) {
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

    /** The network {@code name}; the default network is created on first use. */
    public synchronized NetworkInfo ensure(String name) {
        if (name.equals(DEFAULT) && find(name) == null) {
            // no subnet given: the preferred one if it is free, else the next free 10.x.0.0/16
            return create(new NetworkSpec(DEFAULT, null, null, null, null, options.defaultBridge()));
        }
        return inspect(name);
    }

    public List<NetworkInfo> list() {
        return store.inTransaction(tx -> tx.query("SELECT name FROM networks ORDER BY created_ms", r -> r.getString(1)))
                .stream().map(this::inspect).toList();
    }

    public NetworkInfo inspect(String name) {
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

    /** Removes an unused network: its bridge, its isolation rules, its leases (sticky ones too). */
    public synchronized void remove(String name) {
        NetworkInfo n = inspect(name);
        if (!n.owners().isEmpty()) {
            List<String> who = members(name).stream().map(a -> a.names().isEmpty() ? a.owner() : a.names().getFirst()).toList();
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

    /**
     * Removes the default network when nobody is attached and no sticky address is kept on it: an
     * idle default bridge does not stay on the host (a killed daemon leaves none behind once its
     * containers are removed); the next container makes it again.
     */
    public synchronized void removeDefaultIfUnused() {
        NetworkInfo n = find(DEFAULT);
        if (n != null && n.owners().isEmpty() && leases(DEFAULT).isEmpty()) {
            try {
                remove(DEFAULT);
            } catch (LegendsException e) {
                LOG.warn("could not remove the idle default network: {}", e.getMessage());
            }
        }
    }

    public List<Lease> leases(String network) {
        inspect(network);
        return store.inTransaction(tx -> Ipam.leases(tx, network));
    }

    /** Drops the address kept for a sticky identity that is gone for good. */
    public void forget(String network, String identity) {
        store.inTransaction(tx -> {
            Ipam.forget(tx, network, identity);
            return null;
        });
    }

    // ---- attachments

    /** The pinned network namespace of {@code owner}, to be given to the runtime as the net namespace path. */
    public Path netns(String owner) {
        return options.runDir().resolve("netns").resolve(owner);
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
        List<NetworkInfo> nets = new ArrayList<>();
        for (String name : new LinkedHashSet<>(r.networks())) {
            nets.add(ensure(name));
        }
        if (r.ip() != null && !r.ip().isBlank()) {
            NetworkInfo first = nets.getFirst();
            if (first.ipam() != IpamMode.LEGENDS) {
                throw LegendsException.invalid("--ip needs a network with legends IPAM; " + first.name() + " uses " + first.ipam());
            }
            Subnet.address(r.ip());
        }
        Ports.check(store, r.ports());
        if (!attachments(r.owner()).isEmpty()) {
            throw LegendsException.exists(r.owner() + " is already attached");
        }
        Path pin = netns(r.owner());
        List<Runnable> undo = new ArrayList<>();
        try {
            Host.createNetns(pin);
            undo.add(() -> Host.removeNetns(pin));
            for (int i = 0; i < nets.size(); i++) {
                attachOne(r, nets.get(i), "eth" + i, pin, i == 0, undo);
            }
            refreshHosts(r.owner());
            undo.add(() -> hosts.remove(r.owner()));
            return attachments(r.owner());
        } catch (RuntimeException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).run();
                } catch (RuntimeException u) {
                    e.addSuppressed(u);
                }
            }
            refreshPeers(r.owner(), nets.stream().map(NetworkInfo::name).toList());
            throw e instanceof LegendsException le ? le : LegendsException.internal("attach " + r.owner() + ": " + e.getMessage(), e);
        }
    }

    private void attachOne(AttachRequest r, NetworkInfo net, String ifname, Path pin, boolean first, List<Runnable> undo) {
        List<PortMapping> ports = first ? r.ports() : List.of();
        String ip = store.inTransaction(tx -> {
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
        undo.add(() -> store.inTransaction(tx -> {
            forgetAttachment(tx, r.owner(), net.name());
            return null;
        }));
        if (net.ipam() == IpamMode.DHCP) {
            dhcp.ensureDaemon();
            dhcp.ensureServer(net);
        }
        CniConfList conf = confList(net, ip, !ports.isEmpty());
        CniResult result = cni.add(conf, new CniRuntime.Attach(r.owner(), pin, ifname, ConfLists.capabilities(ports)));
        undo.add(() -> cni.del(net.name(), r.owner(), ifname, conf, pin));
        CniResult.Iface inside = result.sandboxInterface(ifname);
        CniResult.Iface veth = result.hostVeth(net.bridge());
        store.inTransaction(tx -> tx.update("UPDATE attachments SET address = ?, gateway = ?, mac = ?, host_veth = ? "
                        + "WHERE owner = ? AND network = ?", result.address(), result.gateway() != null ? result.gateway() : net.gateway(),
                inside == null ? null : inside.mac(), veth == null ? null : veth.name(), r.owner(), net.name()));
    }

    private static void forgetAttachment(Tx tx, String owner, String network) {
        Ipam.release(tx, network, owner);
        tx.update("DELETE FROM attachments WHERE owner = ? AND network = ?", owner, network);
        tx.update("DELETE FROM ports WHERE owner = ?", owner);
    }

    /**
     * The chain of {@code net} for an attachment with {@code address} (Legends IPAM's choice, else
     * null); portmap only when the attachment publishes ports.
     */
    CniConfList confList(NetworkInfo net, String address, boolean publishes) {
        return ConfLists.of(net, address, options.runDir().resolve("host-local"), dhcp.socket(), publishes);
    }

    /** Every attachment to {@code network}, as recorded (no rules). */
    public List<Attachment> members(String network) {
        inspect(network);
        return rows("a.network = ?", network);
    }

    /** {@code owner}'s attachments as recorded (no rules: cheap enough for list views). */
    public List<Attachment> attachments(String owner) {
        return rows("a.owner = ?", owner);
    }

    /** Everything {@code owner} has on its networks, with the iptables rules CNI made for it. */
    public List<Attachment> details(String owner) {
        List<Attachment> l = rows("a.owner = ?", owner);
        if (l.isEmpty()) {
            return l;
        }
        List<String> rules = Host.rulesMentioning(owner);
        return l.stream().map(a -> new Attachment(a.owner(), a.network(), a.ifname(), a.bridge(), a.address(), a.gateway(), a.mac(),
                a.hostVeth(), a.names(), a.ports(), rules, Host.peerIndex(a.hostVeth()), routes(a))).toList();
    }

    /** The routes of the ADD's result (the cache), as {@code DST via GW}. */
    private List<String> routes(Attachment a) {
        return cni.cachedResult(a.network(), a.owner(), a.ifname()).map(r -> {
            List<String> l = new ArrayList<>();
            r.json().path("routes").forEach(n -> l.add(n.path("dst").asText() + (n.hasNonNull("gw") ? " via " + n.get("gw").asText()
                    : a.gateway() != null ? " via " + a.gateway() : "")));
            return l;
        }).orElse(List.of());
    }

    private List<Attachment> rows(String where, Object... args) {
        return store.inTransaction(tx -> tx.query("SELECT a.owner, a.network, a.ifname, n.bridge, a.address, a.gateway, a.mac, "
                + "a.host_veth, a.names, a.ports FROM attachments a JOIN networks n ON n.name = a.network WHERE " + where
                + " ORDER BY a.created_ms, a.ifname", r -> new Attachment(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                Json.read(r.getString(9).getBytes(StandardCharsets.UTF_8), Json.listOf(String.class)),
                Json.read(r.getString(10).getBytes(StandardCharsets.UTF_8), Json.listOf(PortMapping.class)), List.of(), -1, List.of()), args));
    }

    /** Runs CNI CHECK on each of {@code owner}'s attachments: throws if one is not as ADD left it. */
    public void check(String owner) {
        for (Attachment a : rows("a.owner = ?", owner)) {
            cni.check(a.network(), owner, a.ifname());
        }
    }

    /**
     * Takes {@code owner} off every network: CNI DEL (from the cache of the ADD; a lost cache is
     * rebuilt from the record), leases given back (sticky ones kept), netns and hosts files gone.
     * Errors are collected, not stopped on: cleaning up more beats cleaning up less.
     */
    public synchronized void detach(String owner) {
        List<Attachment> own = rows("a.owner = ?", owner);
        Path pin = netns(owner);
        LegendsException first = null;
        for (Attachment a : own) {
            try {
                NetworkInfo net = inspect(a.network());
                cni.del(a.network(), owner, a.ifname(), confList(net, a.address(), !a.ports().isEmpty()), pin);
            } catch (LegendsException e) {
                LOG.warn("detach {} from {}: {}", owner, a.network(), e.getMessage());
                first = first == null ? e : first;
            }
            store.inTransaction(tx -> {
                forgetAttachment(tx, owner, a.network());
                return null;
            });
        }
        try {
            Host.removeNetns(pin);
            hosts.remove(owner);
        } catch (LegendsException e) {
            first = first == null ? e : first;
        }
        refreshPeers(owner, own.stream().map(Attachment::network).toList());
        if (own.stream().anyMatch(a -> a.network().equals(DEFAULT))) {
            removeDefaultIfUnused();
        }
        if (first != null) {
            throw first.wrap("detach " + owner);
        }
    }

    /** Detaches owners that no longer exist and releases their leases; returns how many were collected. */
    public synchronized int collect(Predicate<String> exists) {
        Set<String> gone = new LinkedHashSet<>();
        store.inTransaction(tx -> tx.query("SELECT DISTINCT owner FROM attachments", r -> r.getString(1)))
                .stream().filter(o -> !exists.test(o)).forEach(gone::add);
        for (String o : gone) {
            try {
                detach(o);
            } catch (LegendsException e) {
                LOG.warn("collect {}: {}", o, e.getMessage());
            }
        }
        return gone.size() + store.inTransaction(tx -> Ipam.collect(tx, exists));
    }

    private void refreshHosts(String owner) {
        List<Attachment> own = rows("a.owner = ?", owner);
        List<String> nets = own.stream().map(Attachment::network).toList();
        hosts.write(owner, own, peers(owner, nets));
        refreshPeers(owner, nets);
    }

    private List<Attachment> peers(String owner, List<String> networks) {
        List<Attachment> l = new ArrayList<>();
        for (String n : networks) {
            l.addAll(rows("a.network = ? AND a.owner <> ?", n, owner));
        }
        return l;
    }

    /** Rewrites the hosts files of everyone sharing a network with {@code owner}. */
    private void refreshPeers(String owner, List<String> networks) {
        Set<String> others = new LinkedHashSet<>();
        peers(owner, networks).forEach(a -> others.add(a.owner()));
        for (String o : others) {
            List<Attachment> own = rows("a.owner = ?", o);
            try {
                hosts.write(o, own, peers(o, own.stream().map(Attachment::network).toList()));
            } catch (LegendsException e) {
                LOG.warn("hosts file of {}: {}", o, e.getMessage());
            }
        }
    }
}
