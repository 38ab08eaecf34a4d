package dev.legends.server.host;

import dev.legends.runtime.ContainerRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What `legends info` checks on the host: the kernel features and programs the engine stands on
 * (conmon watches each container with a terminal or stdin, legends-monitor from the jar the
 * others; catatonit is the pods' pause process).
 * Every check reads the host as it is now (files under /proc and /sys, programs on the PATH), so
 * the report is true also when no daemon runs.
 */
public final class HostReport {
    static final List<String> NAMESPACES = List.of("mnt", "pid", "net", "uts", "ipc", "cgroup", "user");
    static final List<String> CNI_PLUGINS = List.of("bridge", "portmap", "loopback", "host-local");
    private static final String INSTALL = "run: legends bootstrap (or apt-get install ";

    private HostReport() {}

    public static List<Check> run() {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.ok("kernel", read("/proc/sys/kernel/osrelease").strip()));
        checks.add(overlay());
        checks.add(namespaces());
        checks.add(cgroups());
        checks.add(program("runc", List.of("/usr/sbin/runc", "/usr/bin/runc"), "--version", "runc"));
        checks.add(program("conmon", List.of("/usr/bin/conmon", "/usr/libexec/podman/conmon"), "--version", "conmon"));
        checks.add(ownMonitor());
        checks.add(program("catatonit", List.of("/usr/bin/catatonit", "/usr/libexec/catatonit/catatonit"), "--version", "catatonit"));
        checks.add(cni());
        checks.add(program("iptables", List.of("/usr/sbin/iptables", "/sbin/iptables"), "--version", "iptables"));
        checks.add(program("busybox", List.of("/bin/busybox", "/usr/bin/busybox"), "--help", "busybox-static"));
        checks.add(root());
        return checks;
    }

    static Check overlay() {
        boolean built = read("/proc/filesystems").lines().anyMatch(l -> l.endsWith("\toverlay"));
        boolean module = Files.exists(Path.of("/sys/module/overlay"));
        return built || module ? Check.ok("overlayfs", "supported")
                : Check.missing("overlayfs", "not in /proc/filesystems", "load it: modprobe overlay");
    }

    static Check namespaces() {
        List<String> missing = NAMESPACES.stream().filter(ns -> !Files.exists(Path.of("/proc/self/ns", ns))).toList();
        return missing.isEmpty() ? Check.ok("namespaces", String.join(" ", NAMESPACES))
                : Check.missing("namespaces", "missing: " + String.join(" ", missing), "use a kernel built with these namespaces");
    }

    /** v2 (unified), v1, or hybrid (v1 controllers plus a unified hierarchy), as runc sees them. */
    static Check cgroups() {
        Path fs = Path.of("/sys/fs/cgroup");
        if (Files.exists(fs.resolve("cgroup.controllers"))) {
            return Check.ok("cgroups", "v2 (" + read(fs.resolve("cgroup.controllers").toString()).strip() + ")");
        }
        if (!Files.isDirectory(fs.resolve("memory"))) {
            return Check.missing("cgroups", "no cgroup hierarchy at /sys/fs/cgroup", "mount cgroup v1 or v2 at /sys/fs/cgroup");
        }
        String layout = Files.isDirectory(fs.resolve("unified")) ? "hybrid" : "v1";
        try (Stream<Path> s = Files.list(fs)) {
            List<String> controllers = s.filter(p -> !Files.isSymbolicLink(p)).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("unified") && !n.equals("systemd")).sorted().toList();
            return Check.ok("cgroups", layout + " (" + String.join(" ", controllers) + ")");
        } catch (IOException e) {
            return Check.missing("cgroups", e.getMessage(), "check /sys/fs/cgroup");
        }
    }

    static Check ownMonitor() {
        return ContainerRuntime.carriesOwnMonitor()
                ? Check.ok("legends-monitor", "in this build (static): monitors containers without -i/-t")
                : Check.missing("legends-monitor", "not in this build: conmon monitors every container",
                        INSTALL + "gcc libc6-dev), then rebuild");
    }

    static Check cni() {
        Path dir = Path.of("/usr/lib/cni");
        List<String> missing = CNI_PLUGINS.stream().filter(p -> !Files.isExecutable(dir.resolve(p))).toList();
        return missing.isEmpty() ? Check.ok("cni plugins", dir + " (" + String.join(" ", CNI_PLUGINS) + ")")
                : Check.missing("cni plugins", "missing in " + dir + ": " + String.join(" ", missing),
                        INSTALL + "containernetworking-plugins)");
    }

    static Check root() {
        String uid = read("/proc/self/status").lines().filter(l -> l.startsWith("Uid:")).findFirst()
                .map(l -> l.split("\\s+")[2]).orElse("?");
        return uid.equals("0") ? Check.ok("privileges", "root")
                : Check.missing("privileges", "uid " + uid, "the daemon needs root for mounts, namespaces and networks");
    }

    private static Check program(String name, List<String> paths, String versionFlag, String pkg) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return Check.ok(name, p + " " + firstLine(p, versionFlag));
            }
        }
        return Check.missing(name, "not found", INSTALL + pkg + ")");
    }

    private static String firstLine(String program, String flag) {
        try {
            Process p = new ProcessBuilder(program, flag).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            p.destroy();
            return out.lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
