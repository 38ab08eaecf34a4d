package dev.legends.kube;

import dev.legends.core.LegendsException;
import dev.legends.kube.metrics.PrometheusMetrics;
import dev.legends.kube.platform.KubernetesPlatform;
import dev.legends.kube.routing.GatewayApiRouter;
import dev.legends.kube.routing.IngressNginxRouter;
import dev.legends.workload.AppRunner;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.MirrorStats;
import dev.legends.workload.port.TrafficRouter;
import dev.legends.workload.port.VersionMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;

/**
 * The three ports on one cluster, sharing one client: what the daemon hands the release layer
 * when it runs with {@code --platform kubernetes}. Close it to release the client's connections.
 */
public final class KubernetesBackend implements AutoCloseable {
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final KubernetesPlatform platform;
    private final TrafficRouter router;
    private final MetricsSource metrics;

    private KubernetesBackend(KubernetesClient client, boolean ownsClient, KubeOptions options) {
        this.client = client;
        this.ownsClient = ownsClient;
        String ns = options.namespace() != null ? options.namespace() : client.getNamespace();
        this.namespace = ns == null || ns.isBlank() ? "default" : ns;
        this.platform = new KubernetesPlatform(client, namespace, options.stickyIpAnnotations());
        this.router = switch (options.router()) {
            case GATEWAY_API -> new GatewayApiRouter(client, namespace, options.gateway());
            case INGRESS_NGINX -> new IngressNginxRouter(client, namespace, options.ingressClass());
        };
        this.metrics = options.prometheus() == null ? new NoMetrics() : new PrometheusMetrics(options.prometheus(), options.promNaming());
    }

    /** Connects as configured; nothing is sent to the cluster until a port is used. */
    public static KubernetesBackend open(KubeOptions options) {
        Config config;
        if (options.kubeconfig() != null) {
            if (!Files.isReadable(options.kubeconfig())) {
                throw LegendsException.invalid("kubeconfig " + options.kubeconfig() + " does not exist or cannot be read");
            }
            config = Config.fromKubeconfig(options.context(), options.kubeconfig().toFile());
        } else {
            config = Config.autoConfigure(options.context());
        }
        // The release controller polls and retries on its own: fail a call within about a second
        // rather than the client's default ten backed-off retries (tens of seconds per call).
        config.setRequestRetryBackoffLimit(2);
        config.setConnectionTimeout(5_000);
        return new KubernetesBackend(new KubernetesClientBuilder().withConfig(config).build(), true, options);
    }

    /** Over a client someone else owns and closes (tests, a shared client). */
    public static KubernetesBackend over(KubernetesClient client, KubeOptions options) {
        return new KubernetesBackend(client, false, options);
    }

    public KubernetesPlatform platform() {
        return platform;
    }

    /** The apps' runner for {@link dev.legends.workload.Workloads#over}: the cluster runs them, this reads back. */
    public AppRunner apps() {
        return new KubeAppRunner(platform);
    }

    public TrafficRouter router() {
        return router;
    }

    public MetricsSource metrics() {
        return metrics;
    }

    public String namespace() {
        return namespace;
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** Without Prometheus there is nothing to analyse: say so rather than report an empty window. */
    private static final class NoMetrics implements MetricsSource {
        @Override
        public VersionMetrics query(String app, int revision, Instant from, Instant to) {
            throw LegendsException.unavailable("no metrics on kubernetes: start the daemon with a Prometheus URL to analyse releases");
        }

        @Override
        public Optional<MirrorStats> mirror(String app, int revision, Instant from, Instant to) {
            return Optional.empty();
        }
    }
}
