package dev.legends.network;

import dev.legends.core.LegendsException;
import dev.legends.network.cni.CniConfList;
import dev.legends.network.cni.CniResult;
import dev.legends.network.cni.CniRuntime;
import dev.legends.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an owner (a pod or a standalone container) on its networks and takes it off again: a
 * pinned network namespace, one CNI ADD per network, the records, the hosts files. Every step
 * that made something registers its undo, so a failed attach leaves nothing behind. Callers hold
 * the {@link Networks} lock for attach and detach.
 */
final class Attacher {
    private static final Logger LOG = LoggerFactory.getLogger(Attacher.class);

    private final Store store;
    private final NetworkOptions options;
    private final NetworkCatalog catalog;
    private final AttachmentRecords records;
    private final HostsSync hosts;
    private final Dhcp dhcp;
    private final CniRuntime cni;

    Attacher(Store store, NetworkOptions options, NetworkCatalog catalog, AttachmentRecords records, HostsSync hosts, Dhcp dhcp,
             CniRuntime cni) {
        this.store = store;
        this.options = options;
        this.catalog = catalog;
        this.records = records;
        this.hosts = hosts;
        this.dhcp = dhcp;
        this.cni = cni;
    }

    Path netns(String owner) {
        return options.runDir().resolve("netns").resolve(owner);
    }

    List<Attachment> attach(AttachRequest r) {
        List<NetworkInfo> nets = new ArrayList<>();
        for (String name : new LinkedHashSet<>(r.networks())) {
            nets.add(catalog.ensure(name));
        }
        if (r.ip() != null && !r.ip().isBlank()) {
            NetworkInfo first = nets.getFirst();
            if (first.ipam() != IpamMode.LEGENDS) {
                throw LegendsException.invalid("--ip needs a network with legends IPAM; " + first.name() + " uses " + first.ipam());
            }
            Subnet.address(r.ip());
        }
        Ports.check(store, r.ports());
        if (!records.ofOwner(r.owner()).isEmpty()) {
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
            hosts.write(r.owner());
            undo.add(() -> hosts.remove(r.owner()));
            return records.ofOwner(r.owner());
        } catch (RuntimeException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).run();
                } catch (RuntimeException u) {
                    e.addSuppressed(u);
                }
            }
            hosts.refreshPeers(r.owner(), nets.stream().map(NetworkInfo::name).toList());
            throw e instanceof LegendsException le ? le : LegendsException.internal("attach " + r.owner() + ": " + e.getMessage(), e);
        }
    }

    private void attachOne(AttachRequest r, NetworkInfo net, String ifname, Path pin, boolean first, List<Runnable> undo) {
        List<PortMapping> ports = first ? r.ports() : List.of();
        String ip = records.insert(r, net, ifname, pin, first, ports);
        undo.add(() -> records.forget(r.owner(), net.name()));
        if (net.ipam() == IpamMode.DHCP) {
            dhcp.ensureDaemon();
            dhcp.ensureServer(net);
        }
        CniConfList conf = confList(net, ip, !ports.isEmpty());
        CniResult result = cni.add(conf, new CniRuntime.Attach(r.owner(), pin, ifname, ConfLists.capabilities(ports)));
        undo.add(() -> cni.del(net.name(), r.owner(), ifname, conf, pin));
        CniResult.Iface inside = result.sandboxInterface(ifname);
        CniResult.Iface veth = result.hostVeth(net.bridge());
        records.complete(r.owner(), net.name(), result.address(), result.gateway() != null ? result.gateway() : net.gateway(),
                inside == null ? null : inside.mac(), veth == null ? null : veth.name());
    }

    /**
     * The chain of {@code net} for an attachment with {@code address} (Legends IPAM's choice, else
     * null); portmap only when the attachment publishes ports.
     */
    private CniConfList confList(NetworkInfo net, String address, boolean publishes) {
        return ConfLists.of(net, address, options.runDir().resolve("host-local"), dhcp.socket(), publishes);
    }

    /** Errors are collected, not stopped on: cleaning up more beats cleaning up less. */
    void detach(String owner) {
        List<Attachment> own = records.ofOwner(owner);
        Path pin = netns(owner);
        LegendsException first = null;
        for (Attachment a : own) {
            try {
                NetworkInfo net = catalog.inspect(a.network());
                cni.del(a.network(), owner, a.ifname(), confList(net, a.address(), !a.ports().isEmpty()), pin);
            } catch (LegendsException e) {
                LOG.warn("detach {} from {}: {}", owner, a.network(), e.getMessage());
                first = first == null ? e : first;
            }
            records.forget(owner, a.network());
        }
        try {
            Host.removeNetns(pin);
            hosts.remove(owner);
        } catch (LegendsException e) {
            first = first == null ? e : first;
        }
        hosts.refreshPeers(owner, own.stream().map(Attachment::network).toList());
        if (own.stream().anyMatch(a -> a.network().equals(Networks.DEFAULT))) {
            catalog.removeDefaultIfUnused();
        }
        if (first != null) {
            throw first.wrap("detach " + owner);
        }
    }

    void check(String owner) {
        for (Attachment a : records.ofOwner(owner)) {
            cni.check(a.network(), owner, a.ifname());
        }
    }

    /** {@code owner}'s attachments with the iptables rules CNI made for it and the routes of its ADD results. */
    List<Attachment> details(String owner) {
        List<Attachment> l = records.ofOwner(owner);
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
}
