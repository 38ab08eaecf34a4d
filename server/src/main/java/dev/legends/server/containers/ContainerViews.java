package dev.legends.server.containers;

import dev.legends.core.LegendsException;
import dev.legends.pod.ByteSizes;
import dev.legends.pod.ContainerDetails;
import dev.legends.pod.ContainerInfo;
import dev.legends.pod.NetworkMode;
import dev.legends.pod.PodDetails;
import dev.legends.pod.PodInfo;
import dev.legends.pod.PodSpec;
import dev.legends.pod.RestartPolicy;
import dev.legends.pod.RunSpec;
import dev.legends.runtime.ContainerStatus;
import dev.legends.server.network.NetworksApi;
import dev.legends.runtime.Inspection;
import dev.legends.runtime.LogLine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Translates between the engine's values and the wire: requests in, rows and docker-shaped inspect maps out. */
final class ContainerViews {
    private ContainerViews() {}

    static RunSpec spec(ContainerRequests.Run r) {
        if (r.image() == null || r.image().isBlank()) {
            throw LegendsException.invalid("an image is required");
        }
        Double cpus = null;
        if (r.cpus() != null && !r.cpus().isBlank()) {
            try {
                cpus = Double.parseDouble(r.cpus());
            } catch (NumberFormatException e) {
                throw LegendsException.invalid("invalid --cpus " + r.cpus() + ": expected a number such as 1.5");
            }
        }
        RunSpec.NetworkChoice net = RunSpec.networkChoice(r.network() == null ? List.of() : List.of(r.network()));
        return new RunSpec(r.image(), r.command(), r.entrypoint(), r.name(), r.env(), r.workdir(), r.user(), r.hostname(), cpus,
                r.memory() == null || r.memory().isBlank() ? null : ByteSizes.parse(r.memory()), r.pidsLimit(),
                RestartPolicy.parse(r.restart()), r.autoRemove(), r.pod(), net.mode(), r.volumes(), r.tmpfs(),
                r.ulimits(), r.capAdd(), r.capDrop(), r.init(), r.readOnly(), r.attach(), r.tty(), r.interactive(),
                net.networks(), r.ip(), r.publish(), null, r.logOpts());
    }

    static PodSpec spec(ContainerRequests.CreatePod c) {
        RunSpec.NetworkChoice net = RunSpec.networkChoice(c.network() == null ? List.of() : List.of(c.network()));
        return new PodSpec(c.name(), c.hostname(), c.sharePid(), net.mode(), net.networks(), c.ip(), c.publish(), null);
    }

    static ContainerRequests.Row row(ContainerInfo c) {
        return new ContainerRequests.Row(c.id(), c.name(), c.image(), c.imageId(), c.command(), time(c.created()),
                c.state().name().toLowerCase(Locale.ROOT), c.pid(), c.exitCode(), time(c.startedAt()), time(c.finishedAt()),
                c.oomKilled(), c.error(), c.restartPolicy().toString(), c.restartCount(), c.podId(), c.podName(), c.pause(),
                c.addresses());
    }

    static ContainerRequests.PodRow row(PodInfo p) {
        return new ContainerRequests.PodRow(p.id(), p.name(), p.hostname(), p.sharePid(), time(p.created()),
                p.state().name().toLowerCase(Locale.ROOT), p.pauseId(), p.containers(), p.addresses());
    }

    static ContainerRequests.LogEntry entry(LogLine l) {
        return new ContainerRequests.LogEntry(time(l.time()), l.stream().name().toLowerCase(Locale.ROOT), l.text());
    }

    static ContainerRequests.Exit exit(ContainerStatus.Exited x, boolean removed) {
        return new ContainerRequests.Exit(x.exitCode(), x.oomKilled(), x.error(), removed);
    }

    /** docker inspect's shape, plus what the seed explains: host PID, namespaces, cgroups, overlay dirs. */
    static Map<String, Object> inspect(ContainerDetails d) {
        ContainerInfo c = d.container();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Name", c.name());
        m.put("Created", time(c.created()));
        m.put("Path", c.command().isEmpty() ? null : c.command().getFirst());
        m.put("Args", c.command().size() > 1 ? c.command().subList(1, c.command().size()) : List.of());
        m.put("State", ordered("Status", c.state().name().toLowerCase(Locale.ROOT), "Running", c.running(), "Pid", c.pid(),
                "ExitCode", c.exitCode(), "OOMKilled", c.oomKilled(), "Error", c.error(),
                "StartedAt", time(c.startedAt()), "FinishedAt", time(c.finishedAt())));
        m.put("Image", c.image());
        m.put("ImageId", c.imageId());
        m.put("RestartCount", c.restartCount());
        m.put("Pod", c.podId() == null ? null : ordered("Id", c.podId(), "Name", c.podName(), "PauseContainer", c.pause()));
        var cfg = d.config();
        m.put("Config", ordered("Hostname", cfg.hostname(), "User", cfg.user(), "Uid", cfg.uid(), "Gid", cfg.gid(),
                "Groups", cfg.groups(), "Env", cfg.env(), "Cmd", cfg.args(), "WorkingDir", cfg.cwd(), "StopSignal", cfg.stopSignal()));
        RunSpec o = d.options();
        m.put("HostConfig", ordered("RestartPolicy", o.restart().toString(), "AutoRemove", o.autoRemove(),
                "NetworkMode", c.podId() != null ? "pod:" + c.podName()
                        : o.network() == NetworkMode.DEFAULT && !o.networks().isEmpty() ? String.join(",", o.networks()) : o.network().toString(),
                "PortBindings", o.publish(), "Memory", o.memory(), "Cpus", o.cpus(),
                "PidsLimit", o.pidsLimit(), "Binds", o.volumes(), "Tmpfs", o.tmpfs(), "Ulimits", o.ulimits(), "Init", o.init(),
                "ReadonlyRootfs", o.readOnly(),
                "LogConfig", ordered("Type", "k8s-file", "Config", logConfig(o.logOpts()))));
        m.put("Mounts", d.mounts().stream().map(mt -> ordered("Type", mt.type(), "Name", mt.name(), "Source", str(mt.source()),
                "Destination", mt.destination(), "RW", mt.rw())).toList());
        m.put("NetworkSettings", ordered("IPAddress", c.addresses().isEmpty() ? null : c.addresses().getFirst(),
                "Networks", d.networks().stream().map(NetworksApi::row).toList()));
        m.put("Host", ordered("Pid", c.pid(), "MonitorPid", d.monitorPid(), "Bundle", str(d.bundle()), "LogPath", str(d.logFile())));
        m.put("Namespaces", d.namespaces().stream().map(ns -> ordered("Type", ns.type().procName(), "Inode", ns.inode(),
                "HostInode", ns.hostInode(), "SharedWithHost", ns.sharedWithHost(), "SharedWithPause", ns.sharedWithPause(),
                "JoinedFrom", str(ns.joinedFrom()))).toList());
        Map<String, Object> paths = new LinkedHashMap<>();
        d.cgroups().forEach(cg -> paths.put(cg.hierarchy(), str(cg.path())));
        m.put("Cgroups", ordered("Paths", paths, "Limits", limits(d.limits())));
        ContainerDetails.RootfsView r = d.rootfs();
        m.put("GraphDriver", ordered("Name", r.type(), "Mounted", r.mounted(), "Data", ordered("MergedDir", str(r.mountPoint()),
                "LowerDir", r.lowerDirs().stream().map(Path::toString).toList(), "UpperDir", str(r.upperDir()), "WorkDir", str(r.workDir()))));
        return m;
    }

    static Map<String, Object> inspect(PodDetails d) {
        PodInfo p = d.pod();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", p.id());
        m.put("Name", p.name());
        m.put("Created", time(p.created()));
        m.put("State", p.state().name().toLowerCase(Locale.ROOT));
        m.put("Hostname", p.hostname());
        m.put("SharePid", p.sharePid());
        m.put("PauseContainer", d.pause() == null ? null : ordered("Id", d.pause().id(), "Name", d.pause().name(),
                "State", d.pause().state().name().toLowerCase(Locale.ROOT), "Pid", d.pause().pid(), "Command", d.pause().command()));
        m.put("SharedNamespaces", d.namespaces().stream().map(h -> ordered("Type", h.type().procName(), "Inode", h.inode(),
                "HostInode", h.hostInode(), "SharedBy", h.sharedBy())).toList());
        m.put("Addresses", p.addresses());
        m.put("Networks", d.networks().stream().map(NetworksApi::row).toList());
        m.put("Containers", d.containers().stream().map(c -> ordered("Id", c.id(), "Name", c.name(),
                "State", c.state().name().toLowerCase(Locale.ROOT), "Pid", c.pid())).toList());
        return m;
    }

    private static Map<String, Object> limits(Inspection.CgroupLimits l) {
        if (l == null) {
            return null;
        }
        return ordered("MemoryLimitBytes", l.memoryLimitBytes(), "MemorySwapLimitBytes", l.memorySwapLimitBytes(),
                "MemoryUsageBytes", l.memoryUsageBytes(), "CpuShares", l.cpuShares(), "CpuQuotaMicros", l.cpuQuotaMicros(),
                "CpuPeriodMicros", l.cpuPeriodMicros(), "PidsMax", l.pidsMax(), "PidsCurrent", l.pidsCurrent(), "OomKills", l.oomKills(),
                "CpuUsageNanos", l.cpuUsageNanos());
    }

    /** A map keeping the order given: key, value, key, value... (null values are dropped on the wire). */
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }

    /** {@code --log-opt KEY=VALUE} as docker's LogConfig.Config map. */
    private static Map<String, String> logConfig(List<String> logOpts) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String opt : logOpts) {
            int eq = opt.indexOf('=');
            m.put(eq < 0 ? opt : opt.substring(0, eq), eq < 0 ? "" : opt.substring(eq + 1));
        }
        return m;
    }
}
