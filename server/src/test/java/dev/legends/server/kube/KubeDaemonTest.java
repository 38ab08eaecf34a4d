package dev.legends.server.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.kube.KubeOptions;
import dev.legends.kube.testing.Kubelet;
import dev.legends.release.Phase;
import dev.legends.release.ReleaseStatus;
import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.DaemonInfo;
import dev.legends.server.api.Endpoint;
import dev.legends.server.apps.AppsApi;
import dev.legends.server.releases.ReleasesApi;
import dev.legends.workload.Views;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon started with {@code --platform kubernetes} against fabric8's mock API server: apps,
 * scaling, autoscaling and a whole canary release through the daemon's API land on the cluster as
 * Deployments, Services, HorizontalPodAutoscalers and an HTTPRoute. A {@link Kubelet} thread plays
 * the cluster's controllers (the mock server stores objects but runs none).
 */
@EnableKubernetesMockClient(crud = true)
class KubeDaemonTest {
    static KubernetesClient client;
    static int tests;

    @TempDir
    Path root;

    private Daemon daemon;
    private Thread kubelet;

    private static final String APP = """
            apiVersion: legends.dev/v1
            kind: App
            metadata: {name: web}
            spec:
              image: registry.example/web:1
              replicas: 3
              ports: [{containerPort: 8080, name: http}]
              readinessProbe: {httpGet: {path: /, port: 8080}}
              resources: {limits: {cpu: 500m, memory: 128Mi}}
              route: {host: web.example.com, path: /}
              strategy:
                canary:
                  scaleDownDelaySeconds: 0
                  steps: [{setWeight: 20}, {pause: {}}, {setWeight: 60}, {pause: {duration: 1s}}]
            """;

    /** The wire's app row and describe, as the CLI reads them (times are strings there). */
    record Row(String name, String image, int replicas, int ready, int stableRevision, boolean autoscaled) {}

    record Instance(String name, int revision, boolean ready) {}

    record Observed(Instance instance) {}

    record Description(Row app, List<Observed> instances) {}

    record Revision(int revision, boolean stable, int desired) {}

    @AfterEach
    void stop() throws InterruptedException {
        if (kubelet != null) {
            kubelet.interrupt();
            kubelet.join(5000);
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    /** A daemon on the mock cluster, in a namespace of its own, with the kubelet converging it every 100 ms. */
    private ApiClient start(String namespace) throws Exception {
        Path kubeconfig = kubeconfig(client.getMasterUrl().toString());
        daemon = Daemon.start(DaemonConfig.of(root).withKubernetes(KubeOptions.defaults().withKubeconfig(kubeconfig).withNamespace(namespace)));
        Kubelet k = new Kubelet(client, namespace);
        kubelet = Thread.ofPlatform().daemon().name("test-kubelet").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    k.sync();
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a write raced with the daemon's: the next sync converges
                }
            }
        });
        return new ApiClient(Endpoint.forRoot(root));
    }

    private Path kubeconfig(String server) throws Exception {
        Path file = root.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: test, user: {token: secret}}]
                contexts: [{name: test, context: {cluster: test, user: test}}]
                current-context: test
                """.formatted(server));
        return file;
    }

    private static Views.Applied apply(ApiClient api, String manifest) {
        byte[] body = api.call("POST", "/v1/apps", manifest.getBytes(StandardCharsets.UTF_8));
        return dev.legends.core.Json.read(body, Views.Applied.class);
    }

    private static List<String> weights(String namespace) {
        HTTPRoute r = client.resources(HTTPRoute.class).inNamespace(namespace).withName("web").get();
        return r.getSpec().getRules().getLast().getBackendRefs().stream().map(b -> b.getName() + "=" + b.getWeight()).toList();
    }

    private static Integer replicas(String namespace, String deployment) {
        var d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        return d == null ? null : d.getSpec().getReplicas();
    }

    @Test
    void aCanaryReleaseThroughTheDaemonMovesTheHttpRouteWeightsOnTheCluster() throws Exception {
        String ns = "canary" + ++tests;
        ApiClient api = start(ns);
        assertThat(api.get("/v1/info", DaemonInfo.class).platform()).isEqualTo("kubernetes (namespace " + ns + ")");

        assertThat(apply(api, APP).action()).isEqualTo("created");
        assertThat(replicas(ns, "web-r1")).isEqualTo(3);
        assertThat(client.services().inNamespace(ns).withName("web").get()).isNotNull();
        assertThat(client.services().inNamespace(ns).withName("web-r1").get()).isNotNull();
        assertThat(weights(ns)).containsExactly("web-r1=1000");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/apps/web", Row.class).ready() == 3);

        api.post("/v1/apps/web/autoscale", new AppsApi.AutoscaleRequest(3, 6, 70, null, null, null), Object.class);
        assertThat(hpa(ns, "web-r1")).isNotNull();

        ReleaseStatus started = api.post("/v1/releases/web", new ReleasesApi.Start("registry.example/web:2", null, null), ReleaseStatus.class);
        assertThat(started.revision()).isEqualTo(2);
        assertThat(started.platform()).isEqualTo("kubernetes");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v1/releases/web", ReleaseStatus.class).phase() == Phase.PAUSED);
        assertThat(weights(ns)).containsExactly("web-r1=800", "web-r2=200");
        assertThat(client.apps().deployments().inNamespace(ns).withName("web-r2").get().getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getImage()).isEqualTo("registry.example/web:2");

        api.post("/v1/releases/web/promote", null, ReleaseStatus.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> weights(ns).equals(List.of("web-r1=400", "web-r2=600")));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/v1/releases/web", ReleaseStatus.class).phase() == Phase.COMPLETED);

        assertThat(weights(ns)).containsExactly("web-r2=1000");
        Row row = api.get("/v1/apps/web", Row.class);
        assertThat(row.stableRevision()).isEqualTo(2);
        assertThat(row.image()).isEqualTo("registry.example/web:2");
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(ns, "web-r1") == null || replicas(ns, "web-r1") == 0);
        assertThat(replicas(ns, "web-r2")).isEqualTo(3);
        // the autoscaler follows the stable revision
        assertThat(hpa(ns, "web-r2").getSpec().getScaleTargetRef().getName()).isEqualTo("web-r2");
        assertThat(hpa(ns, "web-r1")).isNull();
    }

    private static io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler hpa(String namespace, String name) {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName(name).get();
    }

    @Test
    void scaleAutoscaleAndRemoveDriveTheClusterAndTheLocalGatewayIsAbsent() throws Exception {
        String ns = "apps" + ++tests;
        ApiClient api = start(ns);
        // a template the cluster cannot run is refused whole: no app, nothing on the cluster
        assertThatThrownBy(() -> apply(api, APP.replace("replicas: 3", "replicas: 3\n  network: {stickyIPs: true}")))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("network.stickyIPs is not supported on this Kubernetes cluster");
        List<Row> none = api.get("/v1/apps", dev.legends.core.Json.listOf(Row.class));
        assertThat(none).isEmpty();
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();

        assertThat(apply(api, APP).action()).isEqualTo("created");

        Row scaled = api.post("/v1/apps/web/scale", new AppsApi.ScaleRequest(5), Row.class);
        assertThat(scaled.replicas()).isEqualTo(5);
        assertThat(replicas(ns, "web-r1")).isEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/apps/web", Row.class).ready() == 5);
        Description described = api.get("/v1/apps/web/describe", Description.class);
        assertThat(described.instances()).hasSize(5).allSatisfy(o -> assertThat(o.instance().ready()).isTrue());
        List<Object> localPods = api.get("/v1/pods", dev.legends.core.Json.listOf(Object.class));
        assertThat(localPods).as("no replica controller makes local pods on kubernetes").isEmpty();
        List<Revision> history = api.get("/v1/apps/web/history", dev.legends.core.Json.listOf(Revision.class));
        assertThat(history).extracting(Revision::revision, Revision::desired).containsExactly(org.assertj.core.groups.Tuple.tuple(1, 5));

        api.post("/v1/apps/web/autoscale", new AppsApi.AutoscaleRequest(2, 6, 70, null, null, null), Object.class);
        var hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("web-r1").get();
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getSpec().getMetrics().getFirst().getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        assertThat(api.get("/v1/apps/web", Row.class).autoscaled()).isTrue();
        assertThatThrownBy(() -> api.post("/v1/apps/web/autoscale", new AppsApi.AutoscaleRequest(2, 6, null, 10.0, null, null),
                Object.class))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("--requests-per-second is not supported on kubernetes");

        assertThatThrownBy(() -> api.get("/v1/apps/web/logs", Object.class))
                .isInstanceOf(LegendsException.class).hasMessageStartingWith("app logs is not supported on kubernetes yet");
        assertThatThrownBy(() -> api.get("/v1/gateway/status", Object.class))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("runs apps on kubernetes");
        assertThat(root.resolve("gateway.json")).doesNotExist();

        api.delete("/v1/apps/web", Object.class);
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.services().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.resources(HTTPRoute.class).inNamespace(ns).withName("web").get()).isNull();
        assertThatThrownBy(() -> api.get("/v1/apps/web", Row.class))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void anUnreachableApiServerIsOneClearErrorAndTheApplyDoesNotHappen() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        daemon = Daemon.start(DaemonConfig.of(root).withKubernetes(KubeOptions.defaults()
                .withKubeconfig(kubeconfig("http://127.0.0.1:" + closed)).withNamespace("away")));
        ApiClient api = new ApiClient(Endpoint.forRoot(root));
        assertThatThrownBy(() -> apply(api, APP))
                .isInstanceOfSatisfying(LegendsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("kubernetes: scale web-r1: Kubernetes API unreachable").doesNotContain("\n");
                });
        List<Row> apps = api.get("/v1/apps", dev.legends.core.Json.listOf(Row.class));
        assertThat(apps).isEmpty();
    }
}
