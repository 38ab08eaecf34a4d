package dev.legends.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code legends inspect} shows beyond the status: where the container lives on the host,
 * how it is isolated, and the cgroup limits as the kernel holds them (read back, not as asked).
 *
 * @param pid        host PID of the container's PID 1, -1 when not running
 * @param monitorPid the monitor process (legends-monitor or conmon) holding its stdio and exit code, -1 when gone
 */
public record Inspection(
        Container container,
        long pid,
        long monitorPid,
        Path bundle,
        Path logFile,
        List<NamespaceInfo> namespaces,
        List<CgroupInfo> cgroups,
        CgroupLimits limits) {

    /**
     * One namespace: its inode inside the container next to the host's (PID 1's). {@code joinedFrom}
     * is the path the container joined (e.g. a pause container's /proc/PID/ns/net), else null.
     */
    public record NamespaceInfo(NamespaceType type, long inode, long hostInode, Path joinedFrom) {
        public boolean sharedWithHost() {
            return inode == hostInode;
        }
    }

    /** One cgroup hierarchy ({@code memory}, {@code cpu}, ... or {@code unified}) and the container's directory in it. */
    public record CgroupInfo(String hierarchy, Path path) {}

    /** Limits and usage read from the cgroup files; null where the file is absent or says "max". */
    public record CgroupLimits(
            Long memoryLimitBytes,
            Long memorySwapLimitBytes,
            Long memoryUsageBytes,
            Long cpuShares,
            Long cpuQuotaMicros,
            Long cpuPeriodMicros,
            Long pidsMax,
            Long pidsCurrent,
            long oomKills,
            /* CPU time used so far (cpuacct.usage, or cpu.stat's usage_usec on v2): stats' CPU % is its rate */
            Long cpuUsageNanos) {}
}
