package dev.legends.server;

import dev.legends.kube.KubeOptions;
import dev.legends.server.api.Endpoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;

/**
 * How a daemon runs: its root (state), its run directory (socket), an optional loopback TCP
 * listener with its token, whether the log shows debug detail, the registries that may be
 * reached over plain HTTP (HOST:PORT, as docker's --insecure-registry), and an optional loopback
 * address for the web dashboard ({@code tokenFile} only says where {@code token} came from; with
 * no token the dashboard makes one in ROOT/dashboard.token), and where apps run: the local engine
 * ({@code kube} null) or the Kubernetes cluster {@code kube} describes.
 */
public record DaemonConfig(Path root, Path runDir, InetSocketAddress tcp, String token, boolean debug,
        Set<String> insecureRegistries, InetSocketAddress dashboard, Path tokenFile, String gatewayListen, KubeOptions kube) {
    /** Where the gateway serves apps' routes unless told otherwise. */
    public static final String DEFAULT_GATEWAY_LISTEN = "127.0.0.1:8080";

    public DaemonConfig {
        gatewayListen = gatewayListen == null || gatewayListen.isBlank() ? DEFAULT_GATEWAY_LISTEN : gatewayListen;
        root = root.toAbsolutePath().normalize();
        runDir = runDir == null ? Endpoint.runDir(root) : runDir.toAbsolutePath().normalize();
        insecureRegistries = insecureRegistries == null ? Set.of() : Set.copyOf(insecureRegistries);
    }

    /** Without a dashboard. */
    public DaemonConfig(Path root, Path runDir, InetSocketAddress tcp, String token, boolean debug,
            Set<String> insecureRegistries) {
        this(root, runDir, tcp, token, debug, insecureRegistries, null, null, null, null);
    }

    /** The same daemon, also serving the dashboard on {@code address}. */
    public DaemonConfig withDashboard(InetSocketAddress address, Path tokenFile) {
        return new DaemonConfig(root, runDir, tcp, token, debug, insecureRegistries, address, tokenFile, gatewayListen, kube);
    }

    /** The same daemon, with the gateway's apps listener on {@code hostPort} (HOST:PORT). */
    public DaemonConfig withGatewayListen(String hostPort) {
        return new DaemonConfig(root, runDir, tcp, token, debug, insecureRegistries, dashboard, tokenFile, hostPort, kube);
    }

    /** The same daemon, running apps and releases on the Kubernetes cluster {@code options} reach (null: the local engine). */
    public DaemonConfig withKubernetes(KubeOptions options) {
        return new DaemonConfig(root, runDir, tcp, token, debug, insecureRegistries, dashboard, tokenFile, gatewayListen, options);
    }

    /** Where apps run: "local" or "kubernetes", as {@code --platform} spells it. */
    public String platform() {
        return kube == null ? "local" : "kubernetes";
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
