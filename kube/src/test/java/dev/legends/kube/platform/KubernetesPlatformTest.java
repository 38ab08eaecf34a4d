package dev.legends.kube.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.kube.testing.Kubelet;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.RevisionRef;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesPlatformTest {
    /** One mock API server per class (starting one takes a while); a namespace per test keeps tests apart. */
    static int tests;
    String NS;
    static KubernetesClient client;
    KubernetesPlatform platform;
    Kubelet kubelet;

    @BeforeEach
    void setUp() {
        NS = "shop" + ++tests;
        platform = new KubernetesPlatform(client, NS, null);
        kubelet = new Kubelet(client, NS);
    }

    static RevisionRef web(int revision) {
        return new RevisionRef("web", revision, Map.of(
                "image", "registry.local/web:" + revision,
                "command", "java -jar app.jar",
                "env", Map.of("MODE", "prod"),
                "ports", List.of(Map.of("containerPort", 9000, "name", "admin"), Map.of("containerPort", 8080, "name", "http")),
                "readinessProbe", Map.of("httpGet", Map.of("path", "/ready", "port", 8080), "periodSeconds", 2),
                "livenessProbe", Map.of("tcpSocket", Map.of("port", "http")),
                "resources", Map.of("cpu", "500m", "memory", "256m")));
    }

    @Test
    void scaleCreatesADeploymentAndServicesOfTheRevision() {
        platform.scale(web(3), 2);

        Deployment d = client.apps().deployments().inNamespace(NS).withName("web-r3").get();
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "web").containsEntry("legends.dev/revision", "3");
        assertThat(d.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "web", "legends.dev/revision", "3"));
        Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(c.getImage()).isEqualTo("registry.local/web:3");
        assertThat(c.getCommand()).containsExactly("/bin/sh", "-c", "java -jar app.jar");
        assertThat(c.getEnv()).singleElement().satisfies(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("MODE=prod"));
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(2);
        assertThat(c.getLivenessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("http");
        assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("256Mi")).containsEntry("cpu", new Quantity("500m"));

        Service perRevision = client.services().inNamespace(NS).withName("web-r3").get();
        assertThat(perRevision.getSpec().getSelector()).containsEntry("legends.dev/revision", "3");
        assertThat(perRevision.getSpec().getPorts().getFirst().getPort()).isEqualTo(80);
        assertThat(perRevision.getSpec().getPorts().getFirst().getTargetPort().getIntVal()).isEqualTo(8080);
        Service stable = client.services().inNamespace(NS).withName("web").get();
        assertThat(stable.getSpec().getSelector()).isEqualTo(Map.of("app.kubernetes.io/name", "web"));
        assertThat(platform.desired("web", 3)).isEqualTo(2);
        assertThat(platform.desired("web", 4)).isZero();
    }

    @Test
    void instancesFollowThePodsAndTheirReadiness() {
        platform.scale(web(1), 2);
        assertThat(platform.instances("web")).isEmpty(); // nothing runs until the cluster converges

        kubelet.sync();
        List<Instance> instances = platform.instances("web");
        assertThat(instances).hasSize(2).allSatisfy(i -> {
            assertThat(i.revision()).isEqualTo(1);
            assertThat(i.ready()).isTrue();
            assertThat(i.phase()).isEqualTo(Instance.Phase.RUNNING);
            assertThat(i.address()).startsWith("10.244.0.");
            assertThat(i.port()).isEqualTo(8080);
            assertThat(i.started()).isNotNull();
        });

        kubelet.failReadiness("web-r2");
        platform.scale(web(2), 1);
        kubelet.sync();
        Instance broken = platform.instances("web").stream().filter(i -> i.revision() == 2).findFirst().orElseThrow();
        assertThat(broken.ready()).isFalse();
        assertThat(broken.restarts()).isEqualTo(3);
    }

    @Test
    void scaleDownToZeroKeepsTheRevisionAndRemoveForgetsIt() {
        platform.scale(web(1), 3);
        platform.scale(web(2), 1);
        kubelet.sync();
        assertThat(platform.instances("web")).hasSize(4);

        platform.scale(web(1), 1);
        kubelet.sync();
        assertThat(platform.instances("web")).extracting(Instance::revision).containsExactly(1, 2);

        platform.scale(web(1), 0);
        kubelet.sync();
        assertThat(platform.desired("web", 1)).isZero();
        assertThat(client.apps().deployments().inNamespace(NS).withName("web-r1").get()).isNotNull();
        assertThat(platform.instances("web")).extracting(Instance::revision).containsExactly(2);

        platform.remove("web", 1);
        kubelet.sync();
        assertThat(client.apps().deployments().inNamespace(NS).withName("web-r1").get()).isNull();
        assertThat(client.services().inNamespace(NS).withName("web-r1").get()).isNull();
        assertThat(client.services().inNamespace(NS).withName("web").get()).as("revision 2 still runs").isNotNull();

        platform.remove("web", 2);
        kubelet.sync();
        assertThat(platform.instances("web")).isEmpty();
        assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void stickyIpsAreRefusedUnlessTheClusterKeepsAddresses() {
        RevisionRef sticky = new RevisionRef("db", 1, Map.of("image", "postgres:17", "network", Map.of("stickyIPs", true)));
        assertThatThrownBy(() -> platform.scale(sticky, 1))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("network.stickyIPs is not supported");
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();

        var withCni = new KubernetesPlatform(client, NS, Map.of("cni.projectcalico.org/ipv4pools", "[\"sticky\"]"));
        withCni.scale(sticky, 1);
        assertThat(client.apps().deployments().inNamespace(NS).withName("db-r1").get().getSpec().getTemplate().getMetadata()
                .getAnnotations()).containsEntry("cni.projectcalico.org/ipv4pools", "[\"sticky\"]");
    }

    @Test
    void badInputIsOneClearErrorAndChangesNothing() {
        assertThatThrownBy(() -> platform.scale(new RevisionRef("web", 1, Map.of("ports", List.of(8080))), 1))
                .isInstanceOf(LegendsException.class).hasMessage("web revision 1: the pod template has no image");
        assertThatThrownBy(() -> platform.scale(new RevisionRef("Web_App", 1, Map.of("image", "x")), 1))
                .isInstanceOf(LegendsException.class).hasMessageContaining("app name 'Web_App' cannot name Kubernetes objects");
        assertThatThrownBy(() -> platform.scale(new RevisionRef("web-r1", 1, Map.of("image", "x")), 1))
                .hasMessageContaining("would collide");
        assertThatThrownBy(() -> platform.scale(web(1), -1)).hasMessageContaining("replicas cannot be negative");
        assertThatThrownBy(() -> platform.scale(new RevisionRef("web", 1, Map.of("image", "x", "ports", List.of(Map.of("containerPort", 70000)))), 1))
                .hasMessageContaining("containerPort between 1 and 65535");
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void autoscaleWritesAnAutoscalingV2ObjectOnTheDeployment() {
        platform.scale(web(1), 2);
        platform.autoscale("web", 1, 2, 10, 70);

        HorizontalPodAutoscaler hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("web-r1").get();
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("web-r1");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getMetrics().getFirst().getResource().getTarget().getAverageUtilization()).isEqualTo(70);

        platform.autoscale("web", 1, 3, 5, 50);
        hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("web-r1").get();
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);

        assertThatThrownBy(() -> platform.autoscale("web", 1, 4, 2, 50)).hasMessageContaining("max replicas 2 is below min 4");
        platform.remove("web", 1);
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).list().getItems()).isEmpty();
    }
}
