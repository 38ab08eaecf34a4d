package dev.legends.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.legends.core.LegendsException;
import dev.legends.kube.routing.HttpRoutes;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.RevisionRef;
import dev.legends.workload.port.RouteMatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeExportTest {
    static final AppDefinition WEB = new AppDefinition("web", 3, 2, 3, "shop.example.com", "/", 8080, Map.of("canary", Map.of()));
    static final RevisionRef R2 = new RevisionRef("web", 2, Map.of(
            "image", "registry.local/web:2",
            "ports", List.of(Map.of("containerPort", 8080, "name", "http")),
            "readinessProbe", Map.of("httpGet", Map.of("path", "/ready", "port", 8080)),
            "resources", Map.of("cpu", "1", "memory", "512Mi"),
            "autoscaling", Map.of("minReplicas", 2, "maxReplicas", 6, "targetCPUUtilizationPercentage", 75)));

    /** Parses a YAML stream back as kubectl would read it: every document a typed object. */
    static List<HasMetadata> parse(String yaml) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                out.add(serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))));
            }
        }
        return out;
    }

    @Test
    void yamlHoldsTheDeploymentServicesRouteAndAutoscaler() {
        String yaml = KubeExport.yaml(WEB, R2, new KubeExport.Options("shop", "infra/public"));
        List<HasMetadata> objects = parse(yaml);

        assertThat(objects).extracting(o -> o.getApiVersion() + " " + o.getKind() + " " + o.getMetadata().getName()).containsExactly(
                "apps/v1 Deployment web-r2", "v1 Service web-r2", "v1 Service web",
                "gateway.networking.k8s.io/v1 HTTPRoute web", "autoscaling/v2 HorizontalPodAutoscaler web-r2");
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("shop"));
        Deployment d = (Deployment) objects.get(0);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .stream().filter(e -> !e.getKey().equals("app.kubernetes.io/managed-by"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("registry.local/web:2");
        assertThat(((Service) objects.get(1)).getSpec().getPorts().getFirst().getTargetPort().getIntVal()).isEqualTo(8080);
        HTTPRoute route = (HTTPRoute) objects.get(3);
        assertThat(route.getSpec().getHostnames()).containsExactly("shop.example.com");
        assertThat(route.getSpec().getRules().getFirst().getBackendRefs()).singleElement()
                .satisfies(b -> assertThat(b.getName() + "=" + b.getWeight()).isEqualTo("web-r2=1000"));
        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) objects.get(4);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(yaml).doesNotContain("status:");
    }

    @Test
    void kubectlAcceptsTheManifests(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(KubectlDryRun.KUBECTL), "needs kubectl");
        Path file = dir.resolve("web.yaml");
        Files.writeString(file, KubeExport.yaml(WEB, R2, new KubeExport.Options("shop", "legends")));
        try (KubectlDryRun kubectl = new KubectlDryRun(dir)) {
            assertThat(kubectl.apply(file).lines()).containsExactly(
                    "deployment.apps/web-r2 created (dry run)",
                    "service/web-r2 created (dry run)",
                    "service/web created (dry run)",
                    "httproute.gateway.networking.k8s.io/web created (dry run)",
                    "horizontalpodautoscaler.autoscaling/web-r2 created (dry run)");
            // and it does refuse what is broken: the same stream with a kind no cluster serves
            Files.writeString(file, Files.readString(file).replace("kind: \"HTTPRoute\"", "kind: \"HTTPRoot\""));
            assertThatThrownBy(() -> kubectl.apply(file)).hasMessageContaining("HTTPRoot");
        }
    }

    @Test
    void kubectlAcceptsTheRoutersObjectsToo(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(KubectlDryRun.KUBECTL), "needs kubectl");
        AppRoute route = new AppRoute("web", "shop.example.com", "/", List.of(new AppRoute.Backend("stable", 1, 900),
                new AppRoute.Backend("canary", 2, 100)), List.of(RouteMatch.header("X-Canary", "yes", "canary"),
                RouteMatch.cookie("beta", "always", "canary")), null, new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, null));
        KubernetesSerialization serialization = new KubernetesSerialization();
        StringBuilder yaml = new StringBuilder(serialization.asYaml(HttpRoutes.toHttpRoute(route, "shop", "legends")));
        for (var ingress : dev.legends.kube.routing.IngressNginxRouterAccess.ingresses(route, "shop", "nginx")) {
            yaml.append(serialization.asYaml(ingress));
        }
        Path file = dir.resolve("routes.yaml");
        Files.writeString(file, yaml);
        try (KubectlDryRun kubectl = new KubectlDryRun(dir)) {
            assertThat(kubectl.apply(file).lines()).containsExactly(
                    "httproute.gateway.networking.k8s.io/web created (dry run)",
                    "ingress.networking.k8s.io/web created (dry run)",
                    "ingress.networking.k8s.io/web-canary created (dry run)");
        }
    }

    @Test
    void withoutNamespaceOrAutoscalingTheManifestsStayPortable() {
        RevisionRef plain = new RevisionRef("web", 2, Map.of("image", "registry.local/web:2"));
        List<HasMetadata> objects = KubeExport.objects(WEB, plain, KubeExport.Options.defaults());
        assertThat(objects).hasSize(4).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isNull());
        assertThat(KubeExport.yaml(WEB, plain, KubeExport.Options.defaults())).isEqualTo(KubeExport.yaml(WEB, plain, KubeExport.Options.defaults()));
    }

    @Test
    void whatAClusterCannotRunIsRefused() {
        RevisionRef sticky = new RevisionRef("web", 2, Map.of("image", "x", "network", Map.of("stickyIPs", true)));
        assertThatThrownBy(() -> KubeExport.yaml(WEB, sticky, KubeExport.Options.defaults())).isInstanceOf(LegendsException.class)
                .hasMessageContaining("network.stickyIPs is not supported");
        RevisionRef other = new RevisionRef("api", 1, Map.of("image", "x"));
        assertThatThrownBy(() -> KubeExport.yaml(WEB, other, KubeExport.Options.defaults())).hasMessageContaining("belongs to api, not web");
    }
}
