package dev.legends.pod;

import dev.legends.core.LegendsException;
import dev.legends.runtime.ContainerSpec;
import dev.legends.runtime.Mount;
import dev.legends.runtime.Namespace;
import dev.legends.runtime.NamespaceType;
import dev.legends.runtime.Resources;
import dev.legends.runtime.Rlimit;
import dev.legends.runtime.User;
import java.nio.file.Path;
import java.util.List;

/**
 * The runtime's spec for a recorded container: its merged process, its resources, mounts and
 * limits, and its namespaces: its own (with loopback only), the host's network, or a pod's.
 * Built from the record alone, so a container can be created again at any time.
 */
final class SpecFactory {
    /** A pod member joins the pause container's net, IPC and UTS namespaces, and its PID one if asked. */
    record PodJoin(long pausePid, boolean sharePid) {}

    static final List<NamespaceType> POD_SHARED = List.of(NamespaceType.NETWORK, NamespaceType.IPC, NamespaceType.UTS);

    /** Docker's smallest memory limit; the runtime refuses less too, but only after the rootfs is made. */
    private static final long MIN_MEMORY = 6L << 20;
    private static final long MIN_LOG_MAX = 16L << 10;

    private SpecFactory() {}

    /** A spec without volumes (a pause container's). */
    static ContainerSpec build(StoredContainer c, Path rootfs, PodJoin join, PodNet.Plan net) {
        return build(c, rootfs, join, net, null);
    }

    /** {@code volumesDir}: where named volumes live; the record names each (anonymous ones were named at run). */
    static ContainerSpec build(StoredContainer c, Path rootfs, PodJoin join, PodNet.Plan net, Path volumesDir) {
        MergedConfig cfg = c.config();
        RunSpec o = c.options();
        ContainerSpec.Builder b = ContainerSpec.builder(c.id(), rootfs)
                .name(c.name())
                .args(cfg.args())
                .env(cfg.env())
                .cwd(cfg.cwd())
                .user(new User(cfg.uid(), cfg.gid(), cfg.groups()))
                .readOnlyRootfs(c.isPause() || o.readOnly())
                .init(o.init())
                .terminal(o.tty())
                .stdin(o.interactive())
                .resources(resources(o));
        if (join != null) {
            for (NamespaceType t : POD_SHARED) {
                b.namespace(t, Namespace.ofProcess(join.pausePid(), t));
            }
            if (join.sharePid()) {
                b.namespace(NamespaceType.PID, Namespace.ofProcess(join.pausePid(), NamespaceType.PID));
            }
        } else {
            b.hostname(cfg.hostname());
            if (o.network() == NetworkMode.HOST) {
                b.namespace(NamespaceType.NETWORK, Namespace.HOST);
            } else if (net.netns() != null) {
                // the pinned namespace CNI set up: it outlives this runtime container
                b.namespace(NamespaceType.NETWORK, Namespace.join(net.netns()));
            }
        }
        net.mounts().forEach(b::mount);
        o.ulimits().forEach(u -> b.rlimit(Rlimit.parse(u)));
        o.volumes().forEach(v -> b.mount(VolumeSpec.parse(v).mount(volumesDir)));
        o.tmpfs().forEach(t -> b.mount(tmpfs(t)));
        o.capAdd().forEach(b::capAdd);
        o.capDrop().forEach(b::capDrop);
        Long logMax = logMaxBytes(o.logOpts());
        if (logMax != null) {
            b.logMaxBytes(logMax);
        }
        return b.build();
    }

    /** Checks what can be checked without the host, so that a bad option fails before anything is made. */
    static void check(RunSpec o) {
        if (o.memory() != null && o.memory() < MIN_MEMORY) {
            throw LegendsException.invalid("memory limit " + o.memory() + " bytes is too small: the minimum is 6MB");
        }
        resources(o);
        o.ulimits().forEach(Rlimit::parse);
        o.volumes().forEach(VolumeSpec::parse);
        o.tmpfs().forEach(SpecFactory::tmpfs);
        logMaxBytes(o.logOpts());
    }

    /** Docker's {@code --log-opt KEY=VALUE} list read: the max-size in bytes, or null for none. */
    static Long logMaxBytes(List<String> logOpts) {
        Long max = null;
        for (String opt : logOpts) {
            int eq = opt.indexOf('=');
            if (eq <= 0) {
                throw LegendsException.invalid("invalid --log-opt " + opt + ": expected KEY=VALUE, e.g. max-size=10m");
            }
            String key = opt.substring(0, eq);
            if (!key.equals("max-size")) {
                throw LegendsException.invalid("unknown log option " + key + ": the k8s-file log takes max-size");
            }
            max = ByteSizes.parse(opt.substring(eq + 1));
            if (max < MIN_LOG_MAX) {
                throw LegendsException.invalid("log max-size " + opt.substring(eq + 1) + " is too small: the minimum is 16KB");
            }
        }
        return max;
    }

    private static Resources resources(RunSpec o) {
        Resources r = Resources.NONE;
        if (o.cpus() != null) {
            if (o.cpus() <= 0 || o.cpus().isNaN() || o.cpus() > Runtime.getRuntime().availableProcessors()) {
                throw LegendsException.invalid("invalid --cpus " + o.cpus() + ": the range of CPUs is from 0.01 to "
                        + Runtime.getRuntime().availableProcessors() + ".00, as there are only "
                        + Runtime.getRuntime().availableProcessors() + " CPUs available");
            }
            r = r.withCpus(o.cpus());
        }
        if (o.memory() != null) {
            r = r.withMemory(o.memory());
        }
        if (o.pidsLimit() != null && o.pidsLimit() > 0) {
            r = r.withPidsLimit(o.pidsLimit());
        }
        return r;
    }

    /** Docker's {@code --tmpfs DST[:OPTIONS]}; of the options only size= matters here. */
    static Mount tmpfs(String spec) {
        int colon = spec.indexOf(':');
        String dst = colon < 0 ? spec : spec.substring(0, colon);
        long size = 0;
        if (colon >= 0) {
            for (String opt : spec.substring(colon + 1).split(",")) {
                if (opt.startsWith("size=")) {
                    size = ByteSizes.parse(opt.substring(5));
                }
            }
        }
        if (dst.isEmpty() || !dst.startsWith("/")) {
            throw LegendsException.invalid("invalid tmpfs " + spec + ": expected an absolute path, e.g. /tmp:size=64m");
        }
        return Mount.tmpfs(dst, size);
    }
}
