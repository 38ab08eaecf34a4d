package dev.legends.runtime;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The host's cgroup hierarchies (v1 controllers, name=systemd and the v2 "unified" one of hybrid
 * mode: runc makes a directory for each container in all of them), and a container's directory,
 * limits and removal in each.
 */
final class Cgroups {
    /** One mounted hierarchy: "memory", "cpu,cpuacct", "name=systemd" or "unified" (v2). */
    record Hierarchy(String name, Path mountPoint, Set<String> controllers) {
        Path dir(String cgroupsPath) {
            return mountPoint.resolve(cgroupsPath.replaceFirst("^/+", ""));
        }
    }

    /** A value v1 prints for "no limit" (PAGE_COUNTER_MAX pages), and anything larger. */
    private static final long UNLIMITED = 1L << 62;

    private static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices",
            "freezer", "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc");

    private final List<Hierarchy> hierarchies;

    private Cgroups(List<Hierarchy> hierarchies) {
        this.hierarchies = hierarchies;
    }

    /** Reads the cgroup mounts from /proc/self/mountinfo. */
    static Cgroups discover() {
        List<Hierarchy> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] halves = line.split(" - ", 2);
                if (halves.length < 2) {
                    continue;
                }
                String[] pre = halves[0].split(" ");
                String[] post = halves[1].split(" ");
                Path mountPoint = Path.of(pre[4]);
                if (post[0].equals("cgroup2")) {
                    found.add(new Hierarchy("unified", mountPoint, Set.of()));
                } else if (post[0].equals("cgroup")) {
                    List<String> ctrls = Stream.of(post[2].split(","))
                            .filter(o -> V1_CONTROLLERS.contains(o) || o.startsWith("name="))
                            .toList();
                    found.add(new Hierarchy(String.join(",", ctrls), mountPoint, Set.copyOf(ctrls)));
                }
            }
        } catch (IOException e) {
            // no cgroups to read or clean; runc will fail and say why
        }
        return new Cgroups(List.copyOf(found));
    }

    /** The container's directory in every hierarchy where it exists. */
    List<Inspection.CgroupInfo> existing(String cgroupsPath) {
        return hierarchies.stream()
                .filter(h -> Files.isDirectory(h.dir(cgroupsPath)))
                .map(h -> new Inspection.CgroupInfo(h.name(), h.dir(cgroupsPath)))
                .toList();
    }

    /** Limits and usage as the kernel holds them now. */
    Inspection.CgroupLimits limits(String cgroupsPath) {
        Path mem = dir("memory", cgroupsPath);
        Path cpu = dir("cpu", cgroupsPath);
        Path pids = dir("pids", cgroupsPath);
        return new Inspection.CgroupLimits(
                limit(read(mem, "memory.limit_in_bytes")),
                limit(read(mem, "memory.memsw.limit_in_bytes")),
                read(mem, "memory.usage_in_bytes"),
                read(cpu, "cpu.shares"),
                limit(read(cpu, "cpu.cfs_quota_us")),
                read(cpu, "cpu.cfs_period_us"),
                read(pids, "pids.max"),
                read(pids, "pids.current"),
                oomKills(cgroupsPath),
                cpuUsageNanos(cgroupsPath));
    }

    /** CPU time the container's processes used, from cpuacct (v1) or the unified hierarchy's cpu.stat (v2). */
    Long cpuUsageNanos(String cgroupsPath) {
        Long v1 = read(dir("cpuacct", cgroupsPath), "cpuacct.usage");
        if (v1 != null) {
            return v1;
        }
        for (Hierarchy h : hierarchies) {
            Path stat = h.dir(cgroupsPath).resolve("cpu.stat");
            if (h.controllers().isEmpty() && Files.isRegularFile(stat)) {
                try {
                    for (String line : Files.readAllLines(stat)) {
                        if (line.startsWith("usage_usec ")) {
                            return Long.parseLong(line.substring(11).strip()) * 1000;
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The kernel's count of OOM kills in the container's memory cgroup (v1 memory.oom_control). */
    long oomKills(String cgroupsPath) {
        Path mem = dir("memory", cgroupsPath);
        if (mem == null) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(mem.resolve("memory.oom_control"))) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring(9).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone with the container
        }
        return 0;
    }

    /**
     * Removes the container's directories from every hierarchy, killing any process still in
     * them first (a runc that died half-way can leave some). Returns what could not be removed.
     */
    List<Path> remove(String cgroupsPath) {
        List<Path> left = new ArrayList<>();
        for (Hierarchy h : hierarchies) {
            Path dir = h.dir(cgroupsPath);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                // children before parents; only directories: a cgroup's files go with it
                for (Path d : s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    if (!rmdir(d)) {
                        left.add(d);
                    }
                }
            } catch (IOException e) {
                left.add(dir);
            }
        }
        return left;
    }

    /**
     * Removes the directory all containers' cgroups are made under ({@code /legends}) in each
     * hierarchy where it is empty: the kernel refuses to remove one with a child cgroup or a process,
     * so a directory in use (containers left running for a later daemon) stays.
     */
    void removeParentIfUnused(String parent) {
        for (Hierarchy h : hierarchies) {
            try {
                Files.deleteIfExists(h.dir("/" + parent));
            } catch (IOException e) {
                // in use: containers still run under it
            }
        }
    }

    private static boolean rmdir(Path dir) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (true) {
            killAll(dir);
            try {
                Files.delete(dir);
                return true;
            } catch (NoSuchFileException e) {
                return true;
            } catch (FileSystemException e) {
                // EBUSY until the killed tasks are reaped
                if (System.nanoTime() > deadline) {
                    return false;
                }
                sleep(20);
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static void killAll(Path dir) {
        try {
            for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // already empty or gone
        }
    }

    private Path dir(String controller, String cgroupsPath) {
        return hierarchies.stream().filter(h -> h.controllers().contains(controller))
                .map(h -> h.dir(cgroupsPath)).filter(Files::isDirectory).findFirst().orElse(null);
    }

    private static Long read(Path dir, String file) {
        if (dir == null) {
            return null;
        }
        try {
            String v = Files.readString(dir.resolve(file)).strip();
            return v.equals("max") ? null : Long.parseLong(v);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static Long limit(Long v) {
        return v == null || v < 0 || v >= UNLIMITED ? null : v;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
