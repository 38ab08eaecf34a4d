package dev.legends.cli;

import dev.legends.core.LegendsException;
import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import dev.legends.server.api.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs the daemon in the foreground until SIGTERM or SIGINT, then shuts down gracefully. */
@Command(name = "daemon", description = "Run the Legends daemon (API on a unix socket; optional loopback TCP with a token); "
        + "apps run on this host, or with --platform kubernetes on a cluster")
final class DaemonCommand implements Runnable {
    @ParentCommand
    LegendsCommand parent;

    @Option(names = "--tcp", paramLabel = "127.0.0.1:PORT", description = "Also listen on this loopback address; needs a token")
    String tcp;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token for --tcp (or env LEGENDS_TOKEN)")
    Path tokenFile;

    @Option(names = "--dashboard", paramLabel = "127.0.0.1:PORT",
            description = "Serve the web dashboard on this loopback address (login with the --token-file token, or ROOT/dashboard.token)")
    String dashboard;

    @Option(names = "--gateway-listen", paramLabel = "HOST:PORT",
            description = "Where the gateway serves apps' routes (default " + DaemonConfig.DEFAULT_GATEWAY_LISTEN + ")")
    String gatewayListen;

    @Option(names = "--insecure-registry", paramLabel = "HOST:PORT",
            description = "A registry to reach over plain HTTP (localhost and 127.0.0.1 always are); repeatable")
    java.util.Set<String> insecureRegistries = new java.util.LinkedHashSet<>();

    @Mixin
    KubeFlags kube;

    @Override
    public void run() {
        DaemonConfig config = new DaemonConfig(parent.global.root, null, tcpAddress(), token(), parent.global.debug,
                insecureRegistries);
        if (dashboard != null) {
            config = config.withDashboard(address("--dashboard", dashboard), tokenFile);
        }
        if (gatewayListen != null) {
            config = config.withGatewayListen(gatewayListen);
        }
        config = config.withKubernetes(kube.options());
        Daemon daemon = Daemon.start(config, new InDaemon(new Endpoint.Unix(config.socket())));
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "legends-shutdown"));
        System.out.println("legends daemon serving on unix://" + config.socket()
                + (daemon.tcpAddress() == null ? "" : " and tcp://" + daemon.tcpAddress().getHostString() + ":" + daemon.tcpAddress().getPort()));
        if (daemon.dashboardAddress() != null) {
            System.out.println("dashboard on http://" + daemon.dashboardAddress().getHostString() + ":" + daemon.dashboardAddress().getPort()
                    + "/ (legends dashboard shows where its token is)");
        }
        System.out.flush();
        try {
            daemon.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private InetSocketAddress tcpAddress() {
        return tcp == null ? null : address("--tcp", tcp);
    }

    private static InetSocketAddress address(String option, String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw LegendsException.invalid(option + " " + value + ": expected HOST:PORT, for example 127.0.0.1:2376");
        }
        try {
            return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw LegendsException.invalid(option + " " + value + ": " + e.getMessage());
        }
    }

    private String token() {
        if (tokenFile != null) {
            try {
                return Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw LegendsException.invalid("--token-file " + tokenFile + ": " + e.getMessage());
            }
        }
        return System.getenv("LEGENDS_TOKEN");
    }
}
