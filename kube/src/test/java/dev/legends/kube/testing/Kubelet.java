package dev.legends.kube.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the Deployment controller and the kubelet would do, done by the test in one call: the mock
 * API server stores objects but runs no controllers. {@link #sync} makes each Deployment's Pods
 * match its replica count (Pods of deleted Deployments go, as the garbage collector would), gives
 * new Pods an address and a Ready condition, and writes the Deployment's status.
 */
public final class Kubelet {
    private final KubernetesClient client;
    private final String namespace;
    private final AtomicInteger ips = new AtomicInteger(10);
    private final Set<String> notReady = new HashSet<>();

    public Kubelet(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Pods of this Deployment start but never pass their readiness probe (a broken revision). */
    public Kubelet failReadiness(String deployment) {
        notReady.add(deployment);
        return this;
    }

    public void sync() {
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();
        Set<String> owners = new HashSet<>();
        for (Deployment d : deployments) {
            String name = d.getMetadata().getName();
            owners.add(name);
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            List<Pod> pods = new ArrayList<>(client.pods().inNamespace(namespace).withLabels(d.getSpec().getSelector().getMatchLabels())
                    .list().getItems());
            pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
            for (int i = pods.size(); i < want; i++) {
                client.pods().inNamespace(namespace).resource(pod(d, name + "-" + Integer.toHexString(ips.get()) + i)).create();
            }
            for (int i = want; i < pods.size(); i++) {
                client.pods().inNamespace(namespace).resource(pods.get(i)).delete();
            }
            int ready = notReady.contains(name) ? 0 : want;
            client.apps().deployments().inNamespace(namespace).withName(name).editStatus(x -> {
                x.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(want)
                        .withReadyReplicas(ready).withAvailableReplicas(ready).withUpdatedReplicas(want)
                        .withObservedGeneration(x.getMetadata().getGeneration()).build());
                return x;
            });
        }
        for (Pod p : client.pods().inNamespace(namespace).list().getItems()) {
            String owner = p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get("test/owner");
            if (owner != null && !owners.contains(owner)) {
                client.pods().inNamespace(namespace).resource(p).delete();
            }
        }
    }

    private Pod pod(Deployment d, String name) {
        boolean ready = !notReady.contains(d.getMetadata().getName());
        int ip = ips.incrementAndGet();
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
                .addToAnnotations("test/owner", d.getMetadata().getName()).endMetadata()
                .withSpec(d.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").withPodIP("10.244.0." + ip).withStartTime(Instant.now().toString())
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build())
                .withContainerStatuses(new ContainerStatusBuilder().withName(d.getMetadata().getName()).withReady(ready)
                        .withRestartCount(ready ? 0 : 3).build())
                .endStatus()
                .build();
    }
}
