package dev.legends.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the runtime keeps its state and which programs it drives.
 *
 * @param stateDir     all state: bundles, records, logs, exit files and runc's own root
 * @param runc         the OCI runtime
 * @param conmon       the per-container monitor
 * @param init         catatonit, bind-mounted as the container's PID 1 when a spec asks for init
 * @param cgroupParent every container's cgroups go under this, so leftovers are easy to find
 * @param binDir       where the runtime writes the programs it carries (legends-monitor) to run them:
 *                     a file system that allows exec (a run directory on tmpfs is often noexec);
 *                     null: {@code stateDir/bin}
 */
public record RuntimeConfig(Path stateDir, Path runc, Path conmon, Path init, String cgroupParent, Path binDir) {
    public RuntimeConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        stateDir = stateDir.toAbsolutePath();
        cgroupParent = cgroupParent == null || cgroupParent.isBlank() ? "legends" : cgroupParent;
        binDir = binDir == null ? stateDir.resolve("bin") : binDir.toAbsolutePath();
    }

    public RuntimeConfig(Path stateDir, Path runc, Path conmon, Path init, String cgroupParent) {
        this(stateDir, runc, conmon, init, cgroupParent, null);
    }

    public RuntimeConfig withBinDir(Path dir) {
        return new RuntimeConfig(stateDir, runc, conmon, init, cgroupParent, dir);
    }

    /** The Debian packages' paths: runc, conmon (from podman's dependencies), catatonit. */
    public static RuntimeConfig defaults(Path stateDir) {
        return new RuntimeConfig(stateDir,
                first(List.of("/usr/sbin/runc", "/usr/bin/runc", "/usr/local/sbin/runc")),
                first(List.of("/usr/bin/conmon", "/usr/libexec/podman/conmon", "/usr/local/bin/conmon")),
                first(List.of("/usr/bin/catatonit", "/usr/libexec/podman/catatonit")),
                "legends");
    }

    private static Path first(List<String> candidates) {
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(Path.of(candidates.getFirst()));
    }
}
