package dev.legends.kube;

import dev.legends.core.LegendsException;
import dev.legends.kube.objects.KubeObjects;
import dev.legends.kube.objects.PodTemplates;
import dev.legends.kube.routing.HttpRoutes;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.RevisionRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code legends export k8s APP}: the manifests of an app's stable revision for people who deploy
 * with GitOps. A pure function of the app and its revision: the same objects the kubernetes
 * platform would create (Deployment and Services), the HTTPRoute sending all traffic to it, and a
 * HorizontalPodAutoscaler when the revision asks for autoscaling.
 */
public final class KubeExport {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /**
     * @param namespace null leaves metadata.namespace out, for {@code kubectl apply -n} or kustomize
     * @param gateway the Gateway the HTTPRoute attaches to
     */
    public record Options(String namespace, String gateway) {
        public Options {
            gateway = gateway == null || gateway.isBlank() ? "legends" : gateway;
        }

        public static Options defaults() {
            return new Options(null, null);
        }
    }

    /** Bounds of a HorizontalPodAutoscaler. */
    public record Autoscale(int min, int max, int cpuPercent) {}

    private KubeExport() {
    }

    public static List<HasMetadata> objects(AppDefinition app, RevisionRef revision, Options options) {
        if (!app.name().equals(revision.app())) {
            throw LegendsException.invalid("export: revision " + revision.revision() + " belongs to " + revision.app() + ", not " + app.name());
        }
        String name = app.name();
        int rev = revision.revision();
        String ns = options.namespace();
        // No sticky-IP annotations: a manifest for any cluster cannot promise addresses, so the mapper refuses such templates.
        var pod = PodTemplates.toPodTemplate(name, rev, revision.template(), null);
        int port = app.port() > 0 ? app.port() : PodTemplates.httpPort(revision.template());
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(KubeObjects.deployment(name, rev, ns, Math.max(0, app.replicas()), pod));
        objects.add(KubeObjects.revisionService(name, rev, ns, port));
        objects.add(KubeObjects.stableService(name, ns, port));
        objects.add(HttpRoutes.toHttpRoute(AppRoute.single(name, app.host(), app.pathPrefix(), "stable", rev), ns, options.gateway()));
        Autoscale auto = autoscale(revision.template());
        if (auto != null) {
            KubeObjects.checkAutoscale(name, rev, auto.min(), auto.max(), auto.cpuPercent());
            objects.add(KubeObjects.autoscaler(name, rev, ns, auto.min(), auto.max(), auto.cpuPercent()));
        }
        return objects;
    }

    /** The objects as one multi-document YAML stream, in the order they can be applied. */
    public static String yaml(AppDefinition app, RevisionRef revision, Options options) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata o : objects(app, revision, options)) {
            String doc = SERIALIZATION.asYaml(o);
            out.append(doc.startsWith("---") ? doc : "---\n" + doc);
            if (!doc.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The template's {@code autoscaling} block ({minReplicas, maxReplicas, targetCPUUtilizationPercentage},
     * or {min, max, cpuPercent}), or null when the revision has none.
     */
    static Autoscale autoscale(Map<String, Object> template) {
        Object block = template.get("autoscaling");
        if (!(block instanceof Map<?, ?> m) || Boolean.FALSE.equals(m.get("enabled"))) {
            return null;
        }
        int min = number(m, 1, "minReplicas", "min");
        int max = number(m, -1, "maxReplicas", "max");
        int cpu = number(m, 80, "targetCPUUtilizationPercentage", "cpuPercent", "targetCPU");
        if (max < 0) {
            throw LegendsException.invalid("autoscaling needs maxReplicas");
        }
        return new Autoscale(min, max, cpu);
    }

    private static int number(Map<?, ?> m, int fallback, String... keys) {
        for (String k : keys) {
            Object v = m.get(k);
            if (v instanceof Number n) {
                return n.intValue();
            }
            if (v instanceof String s && s.matches("\\d+%?")) {
                return Integer.parseInt(s.replace("%", ""));
            }
        }
        return fallback;
    }
}
