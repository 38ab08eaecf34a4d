package dev.legends.server;

import dev.legends.server.api.Endpoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;

/**
 * How a daemon runs: its root (state), its run directory (socket), an optional loopback TCP
 * listener with its token, whether the log shows debug detail, and the registries that may be
 * reached over plain HTTP (HOST:PORT, as docker's --insecure-registry).
 */
public record DaemonConfig(Path root, Path runDir, InetSocketAddress tcp, String token, boolean debug,
        Set<String> insecureRegistries) {
    public DaemonConfig {
        root = root.toAbsolutePath().normalize();
        runDir = runDir == null ? Endpoint.runDir(root) : runDir.toAbsolutePath().normalize();
        insecureRegistries = insecureRegistries == null ? Set.of() : Set.copyOf(insecureRegistries);
    }

    /** Without extra insecure registries: only localhost and 127.0.0.1 get plain HTTP. */
    public DaemonConfig(Path root, Path runDir, InetSocketAddress tcp, String token, boolean debug) {
        this(root, runDir, tcp, token, debug, Set.of());
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
