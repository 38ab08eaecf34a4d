package dev.legends.pod;

import dev.legends.core.LegendsException;
import dev.legends.network.AttachRequest;
import dev.legends.network.Attachment;
import dev.legends.network.Networks;
import dev.legends.network.PortMapping;
import dev.legends.runtime.Mount;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of networking. The owner of a network namespace is a pod (its pause
 * container runs in it and members join the pause's) or a standalone container; the namespace is
 * pinned by the network layer, so it outlives container restarts and daemon restarts, and goes
 * with {@code rm}. Without a network layer (an engine opened without one) {@code default} means
 * what {@code none} means: loopback only.
 */
final class PodNet {
    private static final Logger LOG = LoggerFactory.getLogger(PodNet.class);

    /** What a container's spec needs: the namespace to enter (null: its own or the pod's) and the name files. */
    record Plan(Path netns, Path hosts, Path resolvConf) {
        static final Plan NONE = new Plan(null, null, null);

        List<Mount> mounts() {
            return hosts == null ? List.of()
                    : List.of(Mount.bind(hosts, "/etc/hosts", true), Mount.bind(resolvConf, "/etc/resolv.conf", true));
        }
    }

    private final Networks networks;

    PodNet(Networks networks) {
        this.networks = networks;
    }

    /** Checks the network options before anything is made: bad ports, --ip or -p where they cannot apply. */
    void check(RunSpec o, boolean inPod) {
        o.publish().forEach(PortMapping::parse);
        boolean wantsNet = o.ip() != null || !o.publish().isEmpty() || !o.networks().isEmpty();
        if (inPod && wantsNet) {
            throw LegendsException.invalid("--network, --ip and -p cannot be used with --pod: give them to pod create");
        }
        if (o.network() != NetworkMode.DEFAULT && wantsNet) {
            throw LegendsException.invalid("--ip and -p need a network: --network " + o.network() + " has none");
        }
        if (o.ip() != null) {
            dev.legends.network.Subnet.address(o.ip());
        }
        if (networks == null && wantsNet) {
            throw LegendsException.invalid("this engine has no networking: --network NAME, --ip and -p are not available");
        }
    }

    /** The namespace owner of {@code c} when it is one, else null: a pod's pause or a standalone container on networks. */
    String owner(StoredContainer c) {
        if (networks == null || c.options().network() != NetworkMode.DEFAULT) {
            return null;
        }
        if (c.isPause()) {
            return c.podId();
        }
        return c.podId() == null ? c.id() : null;
    }

    boolean enabled() {
        return networks != null;
    }

    /** Attaches the owner of {@code c} as its options ask; {@code names} are the names peers use. */
    List<Attachment> attach(StoredContainer c, List<String> names) {
        String owner = owner(c);
        if (owner == null) {
            return List.of();
        }
        RunSpec o = c.options();
        return networks.attach(new AttachRequest(owner, o.identity(), names, o.networks(), o.ip(),
                o.publish().stream().map(PortMapping::parse).toList()));
    }

    /** Attaches again when the namespace is gone (a reboot emptied the run directory): same options, sticky address kept. */
    void ensure(StoredContainer c, List<String> names) {
        String owner = owner(c);
        if (owner != null && !networks.ready(owner)) {
            LOG.info("network of {} is gone (host restarted?): attaching again", owner);
            detach(owner);
            attach(c, names);
        }
    }

    /** The plan of {@code c}'s spec: the owner's namespace, or for a pod member the pod's name files. */
    Plan plan(StoredContainer c) {
        if (networks == null) {
            return Plan.NONE;
        }
        String owner = owner(c);
        if (owner != null) {
            return c.isPause() ? new Plan(networks.netns(owner), null, null)
                    : new Plan(networks.netns(owner), networks.hostsFile(owner), networks.resolvConf(owner));
        }
        if (c.podId() != null && !c.isPause() && !networks.attachments(c.podId()).isEmpty()) {
            return new Plan(null, networks.hostsFile(c.podId()), networks.resolvConf(c.podId()));
        }
        return Plan.NONE;
    }

    void detach(String owner) {
        if (networks != null) {
            networks.detach(owner);
        }
    }

    List<Attachment> attachments(String owner) {
        return networks == null || owner == null ? List.of() : networks.attachments(owner);
    }

    List<Attachment> details(String owner) {
        return networks == null || owner == null ? List.of() : networks.details(owner);
    }

    /** Owners in the namespace sense: pods and standalone containers; their addresses, for list views. */
    List<String> addresses(StoredContainer c) {
        if (networks == null) {
            return List.of();
        }
        String owner = c.podId() != null ? c.podId() : c.id();
        return networks.attachments(owner).stream().map(Attachment::ip).filter(java.util.Objects::nonNull).toList();
    }

    /** A daemon that stops leaves no idle default bridge; the next container makes it again. */
    void close() {
        if (networks != null) {
            try {
                networks.removeDefaultIfUnused();
            } catch (RuntimeException e) {
                LOG.warn("network: could not remove the idle default network: {}", e.getMessage());
            }
        }
    }

    /** Releases what owners that no longer exist still hold (a daemon killed half-way). */
    void collect(java.util.function.Predicate<String> exists) {
        if (networks != null) {
            int n = networks.collect(exists);
            if (n > 0) {
                LOG.info("network: collected {} leases and attachments of gone pods and containers", n);
            }
        }
    }
}
