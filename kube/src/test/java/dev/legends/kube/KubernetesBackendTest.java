package dev.legends.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.kube.routing.GatewayApiRouter;
import dev.legends.kube.routing.IngressNginxRouter;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.RevisionRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class KubernetesBackendTest {
    KubernetesClient client;

    Path kubeconfig(Path dir, String server, String namespace) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: test, user: {token: secret}}]
                contexts: [{name: test, context: {cluster: test, user: test, namespace: %s}}]
                current-context: test
                """.formatted(server, namespace));
        return file;
    }

    @Test
    void opensAClusterFromAKubeconfigAndUsesItsNamespace(@TempDir Path dir) throws Exception {
        KubeOptions options = KubeOptions.defaults().withKubeconfig(kubeconfig(dir, client.getMasterUrl().toString(), "team-a"));
        try (KubernetesBackend backend = KubernetesBackend.open(options)) {
            assertThat(backend.namespace()).isEqualTo("team-a");
            assertThat(backend.platform().name()).isEqualTo("kubernetes");
            assertThat(backend.router()).isInstanceOf(GatewayApiRouter.class);
            backend.platform().scale(new RevisionRef("web", 1, Map.of("image", "web:1")), 2);
            backend.router().apply(AppRoute.single("web", null, "/", "stable", 1));
        }
        // what it wrote is on the cluster, in the kubeconfig's namespace
        assertThat(client.apps().deployments().inNamespace("team-a").withName("web-r1").get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class).inNamespace("team-a")
                .withName("web").get()).isNotNull();
    }

    @Test
    void optionsChooseTheNamespaceRouterAndMetrics() {
        try (KubernetesBackend backend = KubernetesBackend.over(client,
                KubeOptions.defaults().withNamespace("ops").withRouter(KubeOptions.Router.INGRESS_NGINX))) {
            assertThat(backend.namespace()).isEqualTo("ops");
            assertThat(backend.router()).isInstanceOf(IngressNginxRouter.class);
            assertThat(KubeOptions.Router.parse("ingress-nginx")).isEqualTo(KubeOptions.Router.INGRESS_NGINX);
            assertThat(KubeOptions.Router.parse("gateway-api")).isEqualTo(KubeOptions.Router.GATEWAY_API);
            assertThatThrownBy(() -> KubeOptions.Router.parse("istio")).hasMessage("unknown kubernetes router 'istio': use gateway-api or ingress-nginx");
            assertThatThrownBy(() -> backend.metrics().query("web", 1, Instant.now().minusSeconds(60), Instant.now()))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                    .hasMessageContaining("Prometheus URL");
        }
    }

    @Test
    void aMissingKubeconfigOrAnUnreachableClusterIsOneClearError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> KubernetesBackend.open(KubeOptions.defaults().withKubeconfig(dir.resolve("nope"))))
                .isInstanceOf(LegendsException.class).hasMessageContaining("does not exist or cannot be read");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        KubeOptions unreachable = KubeOptions.defaults().withKubeconfig(kubeconfig(dir, "http://127.0.0.1:" + closed, "default"));
        try (KubernetesBackend backend = KubernetesBackend.open(unreachable)) {
            assertThatThrownBy(() -> backend.platform().instances("web"))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                    .hasMessageStartingWith("kubernetes: list pods of web: Kubernetes API unreachable");
        }
    }
}
