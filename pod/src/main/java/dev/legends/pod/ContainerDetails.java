package dev.legends.pod;

import dev.legends.runtime.Inspection;
import dev.legends.runtime.NamespaceType;
import dev.legends.network.Attachment;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code legends inspect} shows: the mechanism under one container. Namespaces stand next to
 * the host's and, in a pod, to the pause container's; cgroup limits are read back from the kernel;
 * the root filesystem is the overlay of the image's layers under the container's own upper dir;
 * {@code networks} are the veth pairs, addresses and iptables rules of its (or its pod's) namespace.
 */
public record ContainerDetails(
        ContainerInfo container,
        MergedConfig config,
        RunSpec options,
        long monitorPid,
        Path bundle,
        Path logFile,
        List<NamespaceView> namespaces,
        List<Inspection.CgroupInfo> cgroups,
        Inspection.CgroupLimits limits,
        RootfsView rootfs,
        List<Attachment> networks,
        List<MountView> mounts) {

    /**
     * A mount besides the root, as docker's inspect shows it: {@code type} bind, volume or tmpfs;
     * {@code name} the volume's (null otherwise); {@code source} the host path (null for tmpfs).
     */
    public record MountView(String type, String name, Path source, String destination, boolean rw) {}

    /**
     * One namespace of the running container. {@code sharedWithPause} is null outside a pod, and
     * {@code joinedFrom} is the path the container joined (the pause container's), else null.
     */
    public record NamespaceView(NamespaceType type, long inode, long hostInode, boolean sharedWithHost,
                                Boolean sharedWithPause, Path joinedFrom) {}

    /**
     * The container's root filesystem: an overlay of {@code lowerDirs} (top first, the image's
     * layers, never written) under {@code upperDir} (the container's writes), mounted at
     * {@code mountPoint}. A pause container has a plain read-only directory instead.
     */
    public record RootfsView(Path mountPoint, String type, boolean mounted, List<Path> lowerDirs, Path upperDir, Path workDir) {}
}
