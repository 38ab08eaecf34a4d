package dev.legends.server;

import dev.legends.server.api.Endpoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * How a daemon runs: its root (state), its run directory (socket), an optional loopback TCP
 * listener with its token, and whether the log shows debug detail.
 */
public record DaemonConfig(Path root, Path runDir, InetSocketAddress tcp, String token, boolean debug) {
    public DaemonConfig {
        root = root.toAbsolutePath().normalize();
        runDir = runDir == null ? Endpoint.runDir(root) : runDir.toAbsolutePath().normalize();
    }

    public static DaemonConfig of(Path root) {
        return new DaemonConfig(root, null, null, null, false);
    }

    public Path socket() {
        return runDir.resolve("legends.sock");
    }

    public Path database() {
        return root.resolve("legends.db");
    }

    public Path logFile() {
        return root.resolve("legends.log");
    }
}
