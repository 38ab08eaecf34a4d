package dev.legends.kube.platform;

import dev.legends.kube.testing.Kubelet;
import dev.legends.workload.PlatformConformance;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Platform conformance suite against the Kubernetes adapter: the mock API server stores the
 * objects, and a {@link Kubelet} converges them in the background every 100 ms, as the cluster's
 * controllers would.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesPlatformConformanceTest extends PlatformConformance {
    static KubernetesClient client;
    static int tests;
    String namespace;
    KubernetesPlatform platform;
    ScheduledExecutorService cluster;

    @BeforeEach
    void startCluster() {
        namespace = "conf" + ++tests;
        platform = new KubernetesPlatform(client, namespace, null);
        Kubelet kubelet = new Kubelet(client, namespace);
        cluster = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("kubelet").unstarted(r));
        cluster.scheduleWithFixedDelay(() -> {
            try {
                kubelet.sync();
            } catch (RuntimeException e) {
                // a sync racing the test's own writes (a conflict) is retried on the next tick
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        cluster.shutdownNow();
        cluster.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    protected Platform platform() {
        return platform;
    }

    @Override
    protected RevisionRef revision(String app, int number) {
        return new RevisionRef(app, number, Map.of("image", "registry.local/" + app + ":" + number,
                "ports", List.of(Map.of("containerPort", 8080, "name", "http")),
                "env", Map.of("REVISION", Integer.toString(number))));
    }

    @Override
    protected String appName(String hint) {
        return "conf-" + hint;
    }

    @Override
    protected Duration convergence() {
        return Duration.ofSeconds(15);
    }
}
