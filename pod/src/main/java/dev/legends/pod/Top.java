package dev.legends.pod;

import dev.legends.runtime.Inspection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code legends top}: the processes in a container's cgroup, read from /proc of the host, in the
 * columns of {@code ps -ef} (UID PID PPID C STIME TTY TIME CMD), with host PIDs as docker shows them.
 */
final class Top {
    /** USER_HZ: what /proc/PID/stat counts CPU time and start time in, 100 on every Linux port we run on. */
    private static final long HZ = 100;
    private static final DateTimeFormatter STIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private Top() {}

    static List<ProcessRow> of(List<Inspection.CgroupInfo> cgroups) {
        TreeSet<Long> pids = new TreeSet<>();
        // every hierarchy holds the same processes; the first that exists is enough
        for (Inspection.CgroupInfo cg : cgroups) {
            if (collect(cg.path(), pids)) {
                break;
            }
        }
        Map<Long, String> users = users();
        long boot = bootTime();
        double uptime = uptime();
        List<ProcessRow> rows = new ArrayList<>();
        for (long pid : pids) {
            row(pid, users, boot, uptime).ifPresent(rows::add);
        }
        return rows;
    }

    /** Adds the pids of {@code dir} and its child cgroups; false if it has none to read. */
    private static boolean collect(Path dir, TreeSet<Long> pids) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path d : walk.filter(Files::isDirectory).toList()) {
                for (String line : Files.readAllLines(d.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.strip()));
                    }
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<ProcessRow> row(long pid, Map<Long, String> users, long boot, double uptime) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ppid = Long.parseLong(f[1]);
            long cpuTicks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long startTicks = Long.parseLong(f[19]);
            long uid = uid(proc);
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
            if (cmd.isEmpty()) {
                cmd = "[" + stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + "]";
            }
            double elapsed = uptime - (double) startTicks / HZ;
            int c = elapsed <= 0 ? 0 : (int) Math.min(99, (cpuTicks / (double) HZ) * 100 / elapsed);
            long cpuSeconds = cpuTicks / HZ;
            String time = String.format("%02d:%02d:%02d", cpuSeconds / 3600, cpuSeconds / 60 % 60, cpuSeconds % 60);
            String started = STIME.format(Instant.ofEpochSecond(boot + startTicks / HZ));
            return Optional.of(new ProcessRow(users.getOrDefault(uid, Long.toString(uid)), pid, ppid, c, started, "?", time, cmd));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // it exited while we looked
        }
    }

    private static long uid(Path proc) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.substring(4).strip().split("\\s+")[1]); // the effective uid, as ps shows
            }
        }
        return -1;
    }

    /** The host's user names, as ps on the host would print them. */
    private static Map<Long, String> users() {
        Map<Long, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2) {
                    m.putIfAbsent(Long.parseLong(f[2]), f[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // numbers then
        }
        return m;
    }

    private static long bootTime() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("btime ")) {
                    return Long.parseLong(line.substring(6).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // start times then count from the epoch
        }
        return 0;
    }

    private static double uptime() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
