package dev.legends.cli;

import dev.legends.core.LegendsException;
import dev.legends.kube.KubeOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The daemon's {@code --platform} and the flags that say which cluster, router and Prometheus to use. */
final class KubeFlags {
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

    /** The cluster options, or null on the local platform (where the kubernetes flags make no sense). */
    KubeOptions options() {
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
}
