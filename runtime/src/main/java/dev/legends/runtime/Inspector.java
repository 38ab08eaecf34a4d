package dev.legends.runtime;

import dev.legends.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Gathers what {@code legends inspect} shows, from /proc, the cgroup files and the bundle. */
final class Inspector {
    private final StateDir state;
    private final Cgroups cgroups;
    private final Janitor janitor;

    Inspector(StateDir state, Cgroups cgroups, Janitor janitor) {
        this.state = state;
        this.cgroups = cgroups;
        this.janitor = janitor;
    }

    Inspection inspect(Container c, ContainerRecord rec) {
        StateDir.ContainerPaths paths = state.container(rec.id());
        long pid = c.pid();
        OptionalLong monitor = janitor.monitorPid(rec.id());
        return new Inspection(c, pid, monitor.orElse(-1), paths.bundle(), paths.log(),
                pid > 0 ? namespaces(pid, joined(paths.config())) : List.of(),
                cgroups.existing(rec.cgroupsPath()),
                cgroups.limits(rec.cgroupsPath()));
    }

    /** The container's namespaces next to the host's; PID 1's are the host's, the daemon's may not be. */
    private static List<Inspection.NamespaceInfo> namespaces(long pid, Map<String, Path> joined) {
        List<Inspection.NamespaceInfo> out = new ArrayList<>();
        for (NamespaceType t : NamespaceType.values()) {
            OptionalLong mine = ProcFs.namespaceInode(pid, t);
            OptionalLong host = ProcFs.namespaceInode(1, t);
            if (host.isEmpty()) {
                host = ProcFs.namespaceInode(ProcessHandle.current().pid(), t);
            }
            if (mine.isPresent()) {
                out.add(new Inspection.NamespaceInfo(t, mine.getAsLong(), host.orElse(-1), joined.get(t.ociName())));
            }
        }
        return out;
    }

    /** Namespace type to the path it joins, from the bundle's config.json. */
    private static Map<String, Path> joined(Path config) {
        Map<String, Path> joined = new HashMap<>();
        try {
            OciSpec spec = Json.read(Files.readAllBytes(config), OciSpec.class);
            for (OciSpec.Namespace ns : spec.linux().namespaces()) {
                if (ns.path() != null) {
                    joined.put(ns.type(), Path.of(ns.path()));
                }
            }
        } catch (IOException e) {
            // no bundle: nothing joined to report
        }
        return joined;
    }
}
