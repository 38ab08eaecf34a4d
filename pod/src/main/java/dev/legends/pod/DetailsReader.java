package dev.legends.pod;

import dev.legends.runtime.Container;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.runtime.Inspection;
import dev.legends.runtime.NamespaceType;
import dev.legends.snapshot.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Gathers what {@code legends inspect} shows about a container, and about the namespaces a pod holds. */
final class DetailsReader {
    private final Records records;
    private final ContainerRuntime runtime;
    private final Lifecycle lifecycle;
    private final Rootfs rootfs;
    private final Views views;

    DetailsReader(Records records, ContainerRuntime runtime, Lifecycle lifecycle, Rootfs rootfs, Views views) {
        this.records = records;
        this.runtime = runtime;
        this.lifecycle = lifecycle;
        this.rootfs = rootfs;
        this.views = views;
    }

    ContainerDetails inspect(StoredContainer c) {
        Optional<Container> rt = lifecycle.state(c.id());
        ContainerInfo info = views.info(c, rt.orElse(null), false);
        if (rt.isEmpty()) {
            return new ContainerDetails(info, c.config(), c.options(), -1, null, null, List.of(), List.of(), null, rootfs(c), networks(c), mounts(c));
        }
        Inspection in = runtime.inspect(c.id());
        Map<NamespaceType, Long> pause = c.podId() == null || c.isPause() ? Map.of() : pauseNamespaces(c.podId());
        List<ContainerDetails.NamespaceView> namespaces = new ArrayList<>();
        for (Inspection.NamespaceInfo ns : in.namespaces()) {
            Long pauseInode = pause.get(ns.type());
            namespaces.add(new ContainerDetails.NamespaceView(ns.type(), ns.inode(), ns.hostInode(), ns.sharedWithHost(),
                    c.podId() == null || c.isPause() ? null : pauseInode != null && pauseInode == ns.inode(), ns.joinedFrom()));
        }
        return new ContainerDetails(info, c.config(), c.options(), in.monitorPid(), in.bundle(), in.logFile(), namespaces,
                in.cgroups(), in.limits(), rootfs(c), networks(c), mounts(c));
    }

    private List<ContainerDetails.MountView> mounts(StoredContainer c) {
        List<ContainerDetails.MountView> out = new ArrayList<>();
        RunSpec o = c.options();
        for (String s : o.volumes()) {
            VolumeSpec v = VolumeSpec.parse(s);
            boolean named = v.kind() == VolumeSpec.Kind.NAMED;
            Path source = named ? LocalVolumes.dataDir(lifecycle.volumes().dir(), v.source()) : v.source() == null ? null : Path.of(v.source());
            out.add(new ContainerDetails.MountView(named ? "volume" : "bind", named ? v.source() : null, source, v.destination(),
                    !v.readOnly()));
        }
        for (String t : o.tmpfs()) {
            out.add(new ContainerDetails.MountView("tmpfs", null, null, SpecFactory.tmpfs(t).destination(), true));
        }
        return out;
    }

    private List<dev.legends.network.Attachment> networks(StoredContainer c) {
        return lifecycle.net().details(c.podId() != null ? c.podId() : c.id());
    }

    /** The namespaces of a pod's running pause container by type; empty when it is down. */
    Map<NamespaceType, Long> pauseNamespaces(String podId) {
        Optional<StoredPod> pod = records.pod(podId);
        if (pod.isEmpty() || !lifecycle.state(pod.get().pauseId()).map(Container::isRunning).orElse(false)) {
            return Map.of();
        }
        return runtime.inspect(pod.get().pauseId()).namespaces().stream()
                .collect(Collectors.toMap(Inspection.NamespaceInfo::type, Inspection.NamespaceInfo::inode));
    }

    /** Each namespace the pause container holds for the pod and which members are in it now. */
    List<PodDetails.HeldNamespace> held(StoredPod pod, List<StoredContainer> members) {
        Set<NamespaceType> shared = EnumSet.copyOf(SpecFactory.POD_SHARED);
        if (pod.sharePid()) {
            shared.add(NamespaceType.PID);
        }
        if (!lifecycle.state(pod.pauseId()).map(Container::isRunning).orElse(false)) {
            return List.of();
        }
        List<Inspection.NamespaceInfo> pauseNs = runtime.inspect(pod.pauseId()).namespaces();
        Map<String, Map<NamespaceType, Long>> memberNs = members.stream()
                .filter(m -> lifecycle.state(m.id()).map(Container::isRunning).orElse(false))
                .collect(Collectors.toMap(StoredContainer::name, m -> runtime.inspect(m.id()).namespaces().stream()
                        .collect(Collectors.toMap(Inspection.NamespaceInfo::type, Inspection.NamespaceInfo::inode))));
        List<PodDetails.HeldNamespace> out = new ArrayList<>();
        for (Inspection.NamespaceInfo ns : pauseNs) {
            if (!shared.contains(ns.type())) {
                continue;
            }
            List<String> sharedBy = memberNs.entrySet().stream()
                    .filter(e -> e.getValue().getOrDefault(ns.type(), -1L) == ns.inode())
                    .map(Map.Entry::getKey).sorted().toList();
            out.add(new PodDetails.HeldNamespace(ns.type(), ns.inode(), ns.hostInode(), sharedBy));
        }
        return out;
    }

    private ContainerDetails.RootfsView rootfs(StoredContainer c) {
        Path mountPoint = lifecycle.rootfsOf(c);
        if (c.isPause()) {
            return new ContainerDetails.RootfsView(mountPoint, "directory (read-only)", true, List.of(), null, null);
        }
        Optional<Mount> m = rootfs.mount(c.id());
        return new ContainerDetails.RootfsView(mountPoint, m.map(Mount::type).orElse("missing"), MountPoints.isMountPoint(mountPoint),
                m.map(Mount::lowerDirs).orElse(List.of()), m.map(Mount::upperDir).orElse(m.map(Mount::source).orElse(null)),
                m.map(Mount::workDir).orElse(null));
    }
}
