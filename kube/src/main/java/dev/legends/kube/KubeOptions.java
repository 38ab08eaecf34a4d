package dev.legends.kube;

import dev.legends.kube.metrics.PromNaming;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * How {@code legends daemon --platform kubernetes} reaches and uses a cluster.
 *
 * @param kubeconfig null: the client's auto-configuration ($KUBECONFIG, ~/.kube/config, then the
 *     in-cluster service account)
 * @param context a kubeconfig context, or null for the current one
 * @param namespace null: the context's namespace (in a Pod, its own), else "default"
 * @param router {@link Router#GATEWAY_API} (default) or {@link Router#INGRESS_NGINX}
 * @param gateway the Gateway HTTPRoutes attach to, "name" or "namespace/name"
 * @param ingressClass the IngressClass of ingress-nginx
 * @param prometheus Prometheus' base URL ("http://prometheus.monitoring:9090"), or null: analysis
 *     then fails with an unavailable error rather than pass without data
 * @param stickyIpAnnotations null: this cluster's CNI cannot keep Pod addresses, and templates asking
 *     for sticky IPs are refused; otherwise the Pod annotations that make the CNI keep them
 */
public record KubeOptions(Path kubeconfig, String context, String namespace, Router router, String gateway,
                          String ingressClass, URI prometheus, PromNaming promNaming, Map<String, String> stickyIpAnnotations) {
    public enum Router {
        GATEWAY_API, INGRESS_NGINX;

        /** "gateway-api" or "ingress-nginx", as a daemon flag spells them. */
        public static Router parse(String name) {
            return switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "gateway-api", "gateway", "httproute" -> GATEWAY_API;
                case "ingress-nginx", "nginx" -> INGRESS_NGINX;
                default -> throw dev.legends.core.LegendsException.invalid("unknown kubernetes router '" + name
                        + "': use gateway-api or ingress-nginx");
            };
        }
    }

    public KubeOptions {
        router = router == null ? Router.GATEWAY_API : router;
        gateway = gateway == null || gateway.isBlank() ? "legends" : gateway;
        ingressClass = ingressClass == null || ingressClass.isBlank() ? "nginx" : ingressClass;
        promNaming = promNaming == null ? PromNaming.defaults() : promNaming;
        stickyIpAnnotations = stickyIpAnnotations == null ? null : Map.copyOf(stickyIpAnnotations);
    }

    /** Everything from the environment: auto-configured client, Gateway API router, no Prometheus. */
    public static KubeOptions defaults() {
        return new KubeOptions(null, null, null, null, null, null, null, null, null);
    }

    public KubeOptions withNamespace(String ns) {
        return new KubeOptions(kubeconfig, context, ns, router, gateway, ingressClass, prometheus, promNaming, stickyIpAnnotations);
    }

    public KubeOptions withKubeconfig(Path file) {
        return new KubeOptions(file, context, namespace, router, gateway, ingressClass, prometheus, promNaming, stickyIpAnnotations);
    }

    public KubeOptions withRouter(Router r) {
        return new KubeOptions(kubeconfig, context, namespace, r, gateway, ingressClass, prometheus, promNaming, stickyIpAnnotations);
    }

    public KubeOptions withPrometheus(URI url) {
        return new KubeOptions(kubeconfig, context, namespace, router, gateway, ingressClass, url, promNaming, stickyIpAnnotations);
    }
}
