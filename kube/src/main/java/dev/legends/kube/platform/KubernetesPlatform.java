package dev.legends.kube.platform;

import dev.legends.core.LegendsException;
import dev.legends.kube.objects.Conflicts;
import dev.legends.kube.objects.KubeErrors;
import dev.legends.kube.objects.KubeNames;
import dev.legends.kube.objects.KubeObjects;
import dev.legends.kube.objects.PodTemplates;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Platform port on a Kubernetes cluster: each revision is a Deployment {@code <app>-r<rev>}
 * whose replica count is the goal, with a Service of the same name and the app's stable Service.
 * The cluster converges (the Deployment controller, the kubelet); {@link #instances} reads the
 * Pods back as they are.
 */
public final class KubernetesPlatform implements Platform {
    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> stickyIpAnnotations;

    /**
     * @param namespace where every object goes
     * @param stickyIpAnnotations null when the cluster's CNI cannot keep Pod addresses (templates
     *     asking for sticky IPs are refused); otherwise added to the Pods of such templates
     */
    public KubernetesPlatform(KubernetesClient client, String namespace, Map<String, String> stickyIpAnnotations) {
        this.client = client;
        this.namespace = namespace;
        this.stickyIpAnnotations = stickyIpAnnotations == null ? null : Map.copyOf(stickyIpAnnotations);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public void scale(RevisionRef revision, int replicas) {
        if (replicas < 0) {
            throw LegendsException.invalid(revision.app() + " revision " + revision.revision() + ": replicas cannot be negative: " + replicas);
        }
        String name = KubeNames.revisionName(revision.app(), revision.revision());
        // Translate first, so that a template Kubernetes cannot run changes nothing on the cluster.
        var pod = PodTemplates.toPodTemplate(revision.app(), revision.revision(), revision.template(), stickyIpAnnotations);
        int port = PodTemplates.httpPort(revision.template());
        call("scale " + name, () -> {
            var deployments = client.apps().deployments().inNamespace(namespace);
            boolean created = false;
            if (deployments.withName(name).get() == null) {
                try {
                    deployments.resource(KubeObjects.deployment(revision.app(), revision.revision(), namespace, replicas, pod)).create();
                    created = true;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e; // 409: made meanwhile by another writer; set its replicas below
                    }
                }
            }
            if (!created) {
                // Revisions are immutable: only the replica count of an existing Deployment changes. A merge
                // patch carries no resourceVersion, so the controllers' status writes never make it conflict.
                deployments.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
            }
            ensure(KubeObjects.revisionService(revision.app(), revision.revision(), namespace, port));
            ensure(KubeObjects.stableService(revision.app(), namespace, port));
            return null;
        });
    }

    @Override
    public int desired(String app, int revision) {
        String name = KubeNames.revisionName(app, revision);
        Deployment d = call("read " + name, () -> client.apps().deployments().inNamespace(namespace).withName(name).get());
        return d == null || d.getSpec() == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
    }

    @Override
    public List<Instance> instances(String app) {
        KubeNames.checkApp(app);
        List<Pod> pods = call("list pods of " + app, () -> client.pods().inNamespace(namespace)
                .withLabels(KubeNames.appSelector(app)).withLabel(KubeNames.REVISION_LABEL).list().getItems());
        // A Pod whose revision label is not a number was not made by Legends: not an instance.
        return pods.stream().filter(p -> p.getMetadata().getLabels().get(KubeNames.REVISION_LABEL).matches("\\d{1,9}"))
                .map(p -> instance(app, p))
                .sorted(Comparator.comparingInt(Instance::revision).thenComparing(Instance::name)).toList();
    }

    @Override
    public void remove(String app, int revision) {
        String name = KubeNames.revisionName(app, revision);
        call("remove " + name, () -> {
            client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName(name).delete();
            client.apps().deployments().inNamespace(namespace).withName(name).delete();
            client.services().inNamespace(namespace).withName(name).delete();
            boolean last = client.apps().deployments().inNamespace(namespace).withLabels(KubeNames.appSelector(app))
                    .list().getItems().isEmpty();
            if (last) {
                client.services().inNamespace(namespace).withName(KubeNames.appName(app)).delete();
            }
            return null;
        });
    }

    /**
     * Removes every object Legends made for the app: its autoscalers, its Deployments (the cluster's
     * garbage collector takes their Pods) and its Services. An app with none is no error.
     */
    public void removeApp(String app) {
        KubeNames.checkApp(app);
        Map<String, String> ours = Map.of(KubeNames.APP_LABEL, app, KubeNames.MANAGED_BY_LABEL, KubeNames.MANAGED_BY);
        call("remove " + app, () -> {
            client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withLabels(ours).delete();
            client.apps().deployments().inNamespace(namespace).withLabels(ours).delete();
            client.services().inNamespace(namespace).withLabels(ours).delete();
            return null;
        });
    }

    /** The revision's HorizontalPodAutoscaler as the cluster reports it, or null when it has none. */
    public HorizontalPodAutoscaler autoscaler(String app, int revision) {
        String name = KubeNames.revisionName(app, revision);
        return call("read autoscaler " + name, () -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                .withName(name).get());
    }

    /**
     * Lets a HorizontalPodAutoscaler own the revision's replica count between {@code min} and
     * {@code max}, aiming at {@code cpuPercent} of the Pods' CPU requests. While it exists, the
     * autoscaler overrides {@link #scale} (the Deployment's replicas are its to set).
     */
    public void autoscale(String app, int revision, int min, int max, int cpuPercent) {
        KubeObjects.checkAutoscale(app, revision, min, max, cpuPercent);
        HorizontalPodAutoscaler hpa = KubeObjects.autoscaler(app, revision, namespace, min, max, cpuPercent);
        call("autoscale " + hpa.getMetadata().getName(), () -> {
            var hpas = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace);
            if (hpas.withName(hpa.getMetadata().getName()).get() == null) {
                hpas.resource(hpa).create();
            } else {
                Conflicts.retry(() -> hpas.withName(hpa.getMetadata().getName()).edit(h -> {
                    h.setSpec(hpa.getSpec());
                    return h;
                }));
            }
            return null;
        });
    }

    /** Removes the revision's autoscaler; its replica count stays where the autoscaler left it. */
    public void stopAutoscaling(String app, int revision) {
        String name = KubeNames.revisionName(app, revision);
        call("stop autoscaling " + name, () -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                .withName(name).delete());
    }

    private void ensure(Service service) {
        var services = client.services().inNamespace(namespace);
        if (services.withName(service.getMetadata().getName()).get() == null) {
            try {
                services.resource(service).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e; // 409: another writer made it meanwhile, which is all we wanted
                }
            }
        }
    }

    private static Instance instance(String app, Pod pod) {
        int revision = Integer.parseInt(pod.getMetadata().getLabels().get(KubeNames.REVISION_LABEL));
        var status = pod.getStatus();
        String address = status == null || status.getPodIP() == null || status.getPodIP().isBlank() ? null : status.getPodIP();
        boolean ready = status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        int restarts = status == null || status.getContainerStatuses() == null ? 0
                : status.getContainerStatuses().stream().map(ContainerStatus::getRestartCount)
                        .mapToInt(r -> r == null ? 0 : r).sum();
        Instant started = status == null || status.getStartTime() == null ? null : Instant.parse(status.getStartTime());
        int port = pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()
                ? PodTemplates.httpPort(List.of()) : PodTemplates.httpPort(pod.getSpec().getContainers().getFirst().getPorts());
        return new Instance(app, revision, pod.getMetadata().getName(), address, port, phase(pod), ready && !terminating(pod),
                restarts, started);
    }

    private static Instance.Phase phase(Pod pod) {
        if (terminating(pod)) {
            return Instance.Phase.TERMINATING;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return switch (phase == null ? "Pending" : phase) {
            case "Running" -> Instance.Phase.RUNNING;
            // A server that exits has failed, whatever its exit code.
            case "Failed", "Succeeded" -> Instance.Phase.FAILED;
            default -> Instance.Phase.PENDING;
        };
    }

    private static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate(what, e);
        }
    }
}
