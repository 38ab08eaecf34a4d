package dev.legends.kube.objects;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.Map;

/**
 * The objects of one revision, built the same way for the live platform and for {@code legends
 * export k8s}: a Deployment and a Service {@code <app>-r<rev>}, the stable Service {@code <app>}, an
 * autoscaler. Pure functions: nothing here talks to a cluster.
 */
public final class KubeObjects {
    private KubeObjects() {
    }

    public static Deployment deployment(String app, int revision, String namespace, int replicas, PodTemplateSpec pod) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(KubeNames.revisionName(app, revision)).withNamespace(namespace)
                .withLabels(KubeNames.labels(app, revision)).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(KubeNames.revisionSelector(app, revision)).endSelector()
                .withTemplate(pod)
                .endSpec()
                .build();
    }

    /** A Service for the Pods of one revision: what a weighted route or an ingress canary points at. */
    public static Service revisionService(String app, int revision, String namespace, int httpPort) {
        return service(KubeNames.revisionName(app, revision), namespace, KubeNames.labels(app, revision),
                KubeNames.revisionSelector(app, revision), httpPort);
    }

    /**
     * The app's stable Service selects the Pods of every revision, as one Deployment's rolling update
     * would: in-cluster callers keep working through a release, and weighted splits happen in the
     * gateway through the per-revision Services.
     */
    public static Service stableService(String app, String namespace, int httpPort) {
        return service(KubeNames.appName(app), namespace,
                Map.of(KubeNames.APP_LABEL, app, KubeNames.MANAGED_BY_LABEL, KubeNames.MANAGED_BY),
                KubeNames.appSelector(app), httpPort);
    }

    private static Service service(String name, String namespace, Map<String, String> labels, Map<String, String> selector,
                                   int httpPort) {
        ServicePort http = new ServicePortBuilder().withName("http").withProtocol("TCP").withPort(KubeNames.SERVICE_PORT)
                .withTargetPort(new IntOrString(httpPort)).build();
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector).withPorts(http).endSpec()
                .build();
    }

    /** An autoscaling/v2 HorizontalPodAutoscaler on the revision's Deployment by average CPU utilization. */
    public static HorizontalPodAutoscaler autoscaler(String app, int revision, String namespace, int min, int max, int cpuPercent) {
        String name = KubeNames.revisionName(app, revision);
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(KubeNames.labels(app, revision)).endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(name).endScaleTargetRef()
                .withMinReplicas(min).withMaxReplicas(max)
                .addNewMetric().withType("Resource")
                .withNewResource().withName("cpu").withNewTarget().withType("Utilization").withAverageUtilization(cpuPercent)
                .endTarget().endResource().endMetric()
                .endSpec()
                .build();
    }

    /** Checks an autoscaler's bounds as the API server would, with a message naming the problem. */
    public static void checkAutoscale(String app, int revision, int min, int max, int cpuPercent) {
        String where = app + " revision " + revision + ": autoscale ";
        if (min < 1) {
            throw dev.legends.core.LegendsException.invalid(where + "min replicas must be at least 1, not " + min);
        }
        if (max < min) {
            throw dev.legends.core.LegendsException.invalid(where + "max replicas " + max + " is below min " + min);
        }
        if (cpuPercent < 1) {
            throw dev.legends.core.LegendsException.invalid(where + "CPU target must be a positive percentage, not " + cpuPercent);
        }
    }
}
