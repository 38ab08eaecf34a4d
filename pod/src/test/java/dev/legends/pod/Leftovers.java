package dev.legends.pod;

import dev.legends.linux.Syscalls;
import dev.legends.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a container can leave on the host, looked for where each thing lives (mount table, cgroup
 * hierarchies, runc's state, the runtime's directories, the snapshotter), and a cleaner that takes
 * it all back by hand when a test failed before the engine could.
 */
final class Leftovers {
    private Leftovers() {}

    static Path runtimeDir(Path root) {
        return root.resolve("run/runtime");
    }

    /** Everything of container {@code id} still on the host, described; empty when it is all gone. */
    static List<String> of(Path root, Snapshotter snapshots, String id) {
        List<String> left = new ArrayList<>();
        try {
            // every mount of this mount namespace: the container's overlay shows its id in the target
            // and, through the snapshot's upper dir, nowhere else
            for (String m : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                if (m.contains(id)) {
                    left.add("mount " + m);
                }
            }
        } catch (IOException e) {
            left.add("unreadable /proc/self/mounts: " + e.getMessage());
        }
        left.addAll(cgroups(id).stream().map(p -> "cgroup " + p).toList());
        for (Path p : List.of(runtimeDir(root).resolve("runc").resolve(id), runtimeDir(root).resolve("containers").resolve(id),
                runtimeDir(root).resolve("exits").resolve(id), root.resolve("containers").resolve(id))) {
            if (Files.exists(p)) {
                left.add("path " + p);
            }
        }
        snapshots.stat(Rootfs.key(id)).ifPresent(s -> left.add("snapshot " + s.name()));
        return left;
    }

    static List<Path> cgroups(String id) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : s.toList()) {
                Path d = h.resolve("legends").resolve(id);
                if (Files.exists(d)) {
                    found.add(d);
                }
            }
        } catch (IOException e) {
            // no cgroups mounted: nothing left there
        }
        return found;
    }

    /** Removes by hand whatever containers under {@code root} left: runc state, monitors, cgroups, mounts. */
    static void clean(Path root) {
        Path runcRoot = runtimeDir(root).resolve("runc");
        List<String> ids = new ArrayList<>();
        for (Path dir : List.of(runcRoot, runtimeDir(root).resolve("containers"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> !ids.contains(n)).forEach(ids::add);
            } catch (IOException e) {
                // nothing there
            }
        }
        for (String id : ids) {
            run(List.of("/usr/sbin/runc", "--root", runcRoot.toString(), "delete", "-f", id));
            Path pidFile = runtimeDir(root).resolve("containers").resolve(id).resolve("conmon.pid");
            try {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).filter(h -> h.info().commandLine().orElse("").contains(id)).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | NumberFormatException e) {
                // no monitor
            }
            for (Path cg : cgroups(id)) {
                try (Stream<Path> w = Files.walk(cg)) {
                    for (Path d : w.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                        killAll(d);
                        Files.deleteIfExists(d);
                    }
                } catch (IOException e) {
                    // best effort
                }
            }
        }
        List<Path> mounts = new ArrayList<>(MountPoints.under(root));
        mounts.sort(Comparator.comparing((Path p) -> p.getNameCount()).reversed());
        for (Path m : mounts) {
            try {
                Syscalls.umount2(m, Syscalls.MNT_DETACH);
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    private static void killAll(Path cgroup) throws IOException {
        for (String pid : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        sleep(50);
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            // no runc: nothing it could have left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
