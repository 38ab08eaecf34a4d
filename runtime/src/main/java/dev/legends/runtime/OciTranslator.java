package dev.legends.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Makes a bundle's config.json from a checked {@link ContainerSpec}, with docker's defaults. */
final class OciTranslator {
    private OciTranslator() {}

    static OciSpec toOci(ContainerSpec spec, RuntimeConfig config, String cgroupsPath) {
        ProcessSpec p = spec.process();
        List<String> args = new ArrayList<>();
        if (spec.init()) {
            // catatonit forwards signals to the command and reaps zombies, as docker run --init
            args.addAll(List.of(DockerDefaults.INIT_PATH, "--"));
        }
        args.addAll(p.args());
        List<String> caps = capabilities(spec.capAdd(), spec.capDrop());
        OciSpec.Process process = new OciSpec.Process(
                p.terminal(),
                new OciSpec.User(p.user().uid(), p.user().gid(), p.user().additionalGids().isEmpty() ? null : p.user().additionalGids()),
                args,
                environment(p.env(), List.of()),
                p.cwd(),
                new OciSpec.Capabilities(caps, caps, List.of(), caps, List.of()),
                rlimits(spec.rlimits()),
                true);
        return new OciSpec(
                OciSpec.VERSION,
                process,
                new OciSpec.Root(spec.rootfs().toAbsolutePath().toString(), spec.readOnlyRootfs()),
                hostname(spec),
                mounts(spec, config),
                new OciSpec.Linux(resources(spec.resources()), cgroupsPath, namespaces(spec),
                        DockerDefaults.MASKED_PATHS, DockerDefaults.READONLY_PATHS),
                Map.of("dev.legends.name", spec.name()));
    }

    /** Docker's default set, with cap-add then cap-drop applied; ALL works in both. */
    static List<String> capabilities(Set<String> add, Set<String> drop) {
        Set<String> caps = new LinkedHashSet<>(DockerDefaults.CAPABILITIES);
        for (String c : add) {
            if (canonical(c).equals("CAP_ALL")) {
                caps.addAll(DockerDefaults.ALL_CAPABILITIES);
            } else {
                caps.add(canonical(c));
            }
        }
        for (String c : drop) {
            if (canonical(c).equals("CAP_ALL")) {
                caps.clear();
            } else {
                caps.remove(canonical(c));
            }
        }
        return List.copyOf(caps);
    }

    static String canonical(String cap) {
        String c = cap.strip().toUpperCase(Locale.ROOT);
        return c.startsWith("CAP_") ? c : "CAP_" + c;
    }

    /** {@code base} with {@code overrides} laid over it by key, and a PATH when neither has one (runc looks the command up in it). */
    static List<String> environment(List<String> base, List<String> overrides) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (List<String> list : List.of(base, overrides)) {
            for (String e : list) {
                int eq = e.indexOf('=');
                env.put(eq < 0 ? e : e.substring(0, eq), e);
            }
        }
        env.putIfAbsent("PATH", DockerDefaults.PATH);
        return List.copyOf(env.values());
    }

    private static List<OciSpec.Rlimit> rlimits(List<Rlimit> asked) {
        List<OciSpec.Rlimit> out = new ArrayList<>();
        boolean nofile = false;
        for (Rlimit r : asked) {
            out.add(new OciSpec.Rlimit(r.type(), r.hard(), r.soft()));
            nofile |= r.type().equals("RLIMIT_NOFILE");
        }
        if (!nofile) {
            // runc would inherit the daemon's limits; the host's hard NOFILE is low, so always say it
            out.add(new OciSpec.Rlimit("RLIMIT_NOFILE", DockerDefaults.DEFAULT_NOFILE, DockerDefaults.DEFAULT_NOFILE));
        }
        return out;
    }

    private static String hostname(ContainerSpec spec) {
        if (!(spec.namespace(NamespaceType.UTS) instanceof Namespace.Private)) {
            return null; // runc refuses a hostname without a UTS namespace of the container's own
        }
        if (spec.hostname() != null) {
            return spec.hostname();
        }
        return spec.id().length() > 12 ? spec.id().substring(0, 12) : spec.id();
    }

    private static List<OciSpec.Mount> mounts(ContainerSpec spec, RuntimeConfig config) {
        List<OciSpec.Mount> out = new ArrayList<>(DockerDefaults.MOUNTS);
        if (spec.init()) {
            out.add(new OciSpec.Mount(DockerDefaults.INIT_PATH, "bind", config.init().toString(), List.of("bind", "ro", "nosuid", "nodev")));
        }
        for (Mount m : spec.mounts()) {
            out.add(switch (m) {
                case Mount.Bind b -> new OciSpec.Mount(b.destination(), "bind", b.source().toAbsolutePath().toString(),
                        b.readOnly() ? List.of("rbind", "ro", "rprivate") : List.of("rbind", "rw", "rprivate"));
                case Mount.Tmpfs t -> new OciSpec.Mount(t.destination(), "tmpfs", "tmpfs",
                        t.sizeBytes() > 0 ? List.of("nosuid", "nodev", "noexec", "size=" + t.sizeBytes())
                                : List.of("nosuid", "nodev", "noexec"));
            });
        }
        return out;
    }

    private static OciSpec.Resources resources(Resources r) {
        OciSpec.Memory memory = r.memoryBytes() == null ? null
                // swap equal to the limit: no swap at all, so a hog is OOM-killed, not paged out
                : new OciSpec.Memory(r.memoryBytes(), r.memoryBytes());
        OciSpec.Cpu cpu = r.cpuShares() == null && r.cpuQuota() == null ? null
                : new OciSpec.Cpu(r.cpuShares(), r.cpuQuota(), r.cpuPeriod());
        OciSpec.Pids pids = r.pidsLimit() == null ? null : new OciSpec.Pids(r.pidsLimit());
        return new OciSpec.Resources(DockerDefaults.DEVICE_RULES, memory, cpu, pids);
    }

    private static List<OciSpec.Namespace> namespaces(ContainerSpec spec) {
        List<OciSpec.Namespace> out = new ArrayList<>();
        spec.namespaces().forEach((type, ns) -> {
            switch (ns) {
                case Namespace.Private p -> out.add(new OciSpec.Namespace(type.ociName(), null));
                case Namespace.Joined j -> out.add(new OciSpec.Namespace(type.ociName(), j.path().toString()));
                case Namespace.Host h -> { } // absent from the list: runc leaves the process in the host's
            }
        });
        return out;
    }
}
