package dev.legends.cli;

import dev.legends.core.LegendsException;
import dev.legends.kube.KubeOptions;
import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
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

    @Option(names = "--platform", paramLabel = "local|kubernetes",
            description = "Where apps and releases run: this host's engine (default) or a Kubernetes cluster")
    String platform = "local";

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "With --platform kubernetes: the kubeconfig (default: $KUBECONFIG, ~/.kube/config, then in-cluster)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "With --platform kubernetes: the kubeconfig context (default: its current one)")
    String context;

    @Option(names = "--namespace", paramLabel = "NS", description = "With --platform kubernetes: where apps go (default: the context's, else default)")
    String namespace;

    @Option(names = "--router", paramLabel = "gateway-api|ingress-nginx",
            description = "With --platform kubernetes: Gateway API HTTPRoutes (default) or ingress-nginx canary Ingresses")
    String router;

    @Option(names = "--gateway", paramLabel = "NAME", description = "With --router gateway-api: the Gateway HTTPRoutes attach to, NAME or NS/NAME (default legends)")
    String gateway;

    @Option(names = "--ingress-class", paramLabel = "C", description = "With --router ingress-nginx: the IngressClass (default nginx)")
    String ingressClass;

    @Option(names = "--prometheus", paramLabel = "URL",
            description = "With --platform kubernetes: Prometheus' base URL, for release analysis (http://prometheus.monitoring:9090)")
    String prometheus;

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
        config = config.withKubernetes(kubeOptions());
        Daemon daemon = Daemon.start(config);
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

    /** The cluster options, or null on the local platform (where the kubernetes flags make no sense). */
    KubeOptions kubeOptions() {
        switch (platform == null ? "" : platform.trim().toLowerCase(Locale.ROOT)) {
            case "local" -> {
                List<String> given = new ArrayList<>();
                for (var flag : new Object[][] {{"--kubeconfig", kubeconfig}, {"--context", context}, {"--namespace", namespace},
                        {"--router", router}, {"--gateway", gateway}, {"--ingress-class", ingressClass}, {"--prometheus", prometheus}}) {
                    if (flag[1] != null) {
                        given.add((String) flag[0]);
                    }
                }
                if (!given.isEmpty()) {
                    throw LegendsException.invalid(String.join(", ", given) + ": only with --platform kubernetes");
                }
                return null;
            }
            case "kubernetes", "k8s" -> {
                KubeOptions.Router r = router == null ? KubeOptions.Router.GATEWAY_API : KubeOptions.Router.parse(router);
                if (gateway != null && r != KubeOptions.Router.GATEWAY_API) {
                    throw LegendsException.invalid("--gateway: only with --router gateway-api (the ingress-nginx router uses --ingress-class)");
                }
                if (ingressClass != null && r != KubeOptions.Router.INGRESS_NGINX) {
                    throw LegendsException.invalid("--ingress-class: only with --router ingress-nginx");
                }
                if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
                    throw LegendsException.invalid("--kubeconfig " + kubeconfig + ": no such file, or not readable");
                }
                return new KubeOptions(kubeconfig, context, namespace, r, gateway, ingressClass, prometheusUrl(), null, null);
            }
            default -> throw LegendsException.invalid("--platform " + platform + ": use local or kubernetes");
        }
    }

    private URI prometheusUrl() {
        if (prometheus == null) {
            return null;
        }
        try {
            URI u = new URI(prometheus);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw LegendsException.invalid("--prometheus " + prometheus + ": expected an http(s) URL, for example http://prometheus.monitoring:9090");
            }
            return u;
        } catch (URISyntaxException e) {
            throw LegendsException.invalid("--prometheus " + prometheus + ": " + e.getReason());
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
