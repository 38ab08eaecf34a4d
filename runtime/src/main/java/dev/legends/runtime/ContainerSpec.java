package dev.legends.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the runtime needs to run one container. The root filesystem is already prepared
 * (an overlay mount, later); args and env are final. Checks that need the host (does a mount
 * source exist, is a limit allowed) happen in {@link ContainerRuntime#create}.
 *
 * @param name        unique among containers, defaults to the id
 * @param hostname    null: the id's first 12 characters when the container has its own UTS namespace
 * @param namespaces  every {@link NamespaceType}; missing types default to {@link Namespace#PRIVATE}
 * @param rlimits     missing RLIMIT_NOFILE defaults to 1024:1024 (the host's hard limit is low)
 * @param capAdd      capability names (with or without CAP_), or ALL, added to docker's default set
 * @param init        run catatonit as PID 1, like {@code docker run --init}, so that signals reach
 *                    the command and zombies are reaped
 * @param logMaxBytes the log starts over when it would grow past this (docker's max-size); null: unbounded
 */
public record ContainerSpec(
        String id,
        String name,
        Path rootfs,
        boolean readOnlyRootfs,
        ProcessSpec process,
        String hostname,
        Map<NamespaceType, Namespace> namespaces,
        Resources resources,
        List<Rlimit> rlimits,
        List<Mount> mounts,
        Set<String> capAdd,
        Set<String> capDrop,
        boolean init,
        Long logMaxBytes) {

    public ContainerSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(process, "process");
        name = name == null || name.isEmpty() ? id : name;
        EnumMap<NamespaceType, Namespace> ns = new EnumMap<>(NamespaceType.class);
        for (NamespaceType t : NamespaceType.values()) {
            ns.put(t, namespaces == null ? Namespace.PRIVATE : namespaces.getOrDefault(t, Namespace.PRIVATE));
        }
        namespaces = Collections.unmodifiableMap(ns);
        resources = resources == null ? Resources.NONE : resources;
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        capAdd = capAdd == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(capAdd));
        capDrop = capDrop == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(capDrop));
    }

    public static Builder builder(String id, Path rootfs) {
        return new Builder(id, rootfs);
    }

    public Namespace namespace(NamespaceType type) {
        return namespaces.get(type);
    }

    /** Builds a spec step by step; every field but id, rootfs and args has a default. */
    public static final class Builder {
        private final String id;
        private final Path rootfs;
        private String name;
        private boolean readOnlyRootfs;
        private List<String> args = List.of();
        private List<String> env = List.of();
        private String cwd = "/";
        private User user = User.ROOT;
        private boolean terminal;
        private boolean stdin;
        private String hostname;
        private final Map<NamespaceType, Namespace> namespaces = new EnumMap<>(NamespaceType.class);
        private Resources resources = Resources.NONE;
        private final List<Rlimit> rlimits = new ArrayList<>();
        private final List<Mount> mounts = new ArrayList<>();
        private final Set<String> capAdd = new LinkedHashSet<>();
        private final Set<String> capDrop = new LinkedHashSet<>();
        private boolean init;
        private Long logMaxBytes;

        private Builder(String id, Path rootfs) {
            this.id = id;
            this.rootfs = rootfs;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder readOnlyRootfs(boolean v) { readOnlyRootfs = v; return this; }
        public Builder args(String... v) { args = List.of(v); return this; }
        public Builder args(List<String> v) { args = List.copyOf(v); return this; }
        public Builder env(List<String> v) { env = List.copyOf(v); return this; }
        public Builder cwd(String v) { cwd = v; return this; }
        public Builder user(User v) { user = v; return this; }
        public Builder terminal(boolean v) { terminal = v; return this; }
        public Builder stdin(boolean v) { stdin = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder namespace(NamespaceType t, Namespace ns) { namespaces.put(t, ns); return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder rlimit(Rlimit v) { rlimits.add(v); return this; }
        public Builder mount(Mount v) { mounts.add(v); return this; }
        public Builder capAdd(String... v) { capAdd.addAll(List.of(v)); return this; }
        public Builder capDrop(String... v) { capDrop.addAll(List.of(v)); return this; }
        public Builder init(boolean v) { init = v; return this; }
        public Builder logMaxBytes(long v) { logMaxBytes = v; return this; }

        public ContainerSpec build() {
            return new ContainerSpec(id, name, rootfs, readOnlyRootfs, new ProcessSpec(args, env, cwd, user, terminal, stdin),
                    hostname, namespaces, resources, rlimits, mounts, capAdd, capDrop, init, logMaxBytes);
        }
    }
}
