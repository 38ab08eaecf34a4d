package dev.legends.workload;

import dev.legends.pod.Containers;
import dev.legends.runtime.Inspection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU usage of app containers from their cgroups: cpuacct.usage (nanoseconds, cgroup v1) or the
 * usage_usec line of cpu.stat (v2). Utilization is the usage between two readings over the wall
 * time between them, in percent of the container's CPU limit, as metrics-server reports it
 * against a request. The first reading of a container gives no value.
 */
final class CpuMeter {
    private record Reading(Instant at, long usageNanos) {}

    private final Containers containers;
    private final Map<String, Path> files = new HashMap<>();
    private final Map<String, Reading> last = new HashMap<>();

    CpuMeter(Containers containers) {
        this.containers = containers;
    }

    /** Percent of {@code limitMillis} used since the last call for this container; null without a previous reading. */
    synchronized Double utilization(String containerId, int limitMillis, Instant now) {
        Long usage = usageNanos(containerId);
        if (usage == null) {
            return null;
        }
        Reading before = last.put(containerId, new Reading(now, usage));
        if (before == null || !now.isAfter(before.at()) || usage < before.usageNanos()) {
            return null;
        }
        double wallNanos = java.time.Duration.between(before.at(), now).toNanos();
        double cores = (usage - before.usageNanos()) / wallNanos;
        return cores * 100_000.0 / limitMillis;
    }

    /** Forgets containers that are gone. */
    synchronized void retain(Set<String> containerIds) {
        files.keySet().retainAll(containerIds);
        last.keySet().retainAll(containerIds);
    }

    Long usageNanos(String containerId) {
        Path f = files.computeIfAbsent(containerId, this::find);
        if (f == null) {
            files.remove(containerId);
            return null;
        }
        try {
            if (f.getFileName().toString().equals("cpu.stat")) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("usage_usec ")) {
                        return Long.parseLong(line.substring(11).strip()) * 1000;
                    }
                }
                return null;
            }
            return Long.parseLong(Files.readString(f).strip());
        } catch (IOException | NumberFormatException e) {
            files.remove(containerId); // gone with its container, or moved after a restart
            return null;
        }
    }

    private Path find(String containerId) {
        try {
            Path v2 = null;
            for (Inspection.CgroupInfo cg : containers.inspect(containerId).cgroups()) {
                if (cg.hierarchy().contains("cpuacct") && Files.exists(cg.path().resolve("cpuacct.usage"))) {
                    return cg.path().resolve("cpuacct.usage");
                }
                if (cg.hierarchy().equals("unified") && Files.exists(cg.path().resolve("cpu.stat"))) {
                    v2 = cg.path().resolve("cpu.stat");
                }
            }
            return v2;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
