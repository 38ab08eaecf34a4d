package dev.legends.kube;

import dev.legends.core.LegendsException;
import dev.legends.kube.objects.KubeNames;
import dev.legends.kube.platform.KubernetesPlatform;
import dev.legends.workload.AppRunner;
import dev.legends.workload.AutoscalerSpec;
import dev.legends.workload.Observed;
import dev.legends.workload.Views;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Apps on a cluster: the Deployment controller, the kubelet and HorizontalPodAutoscalers do what
 * the local engine's replica controller, prober and autoscaler loop do, so this only reads back
 * and deletes. Nothing watches the cluster: the release controller polls the Platform port.
 */
final class KubeAppRunner implements AppRunner {
    private final KubernetesPlatform platform;

    KubeAppRunner(KubernetesPlatform platform) {
        this.platform = platform;
    }

    @Override
    public Platform platform() {
        return platform;
    }

    @Override
    public List<Observed> observed(String app) {
        return platform.instances(app).stream().map(i -> new Observed(i, i.name(), null, null, null)).toList();
    }

    @Override
    public void removeAll(String app) {
        platform.removeApp(app);
    }

    @Override
    public List<Views.InstanceLog> logs(String app, int tail) {
        throw logsUnsupported(app);
    }

    @Override
    public AutoCloseable followLogs(String app, int tail, java.util.function.Consumer<Views.InstanceLine> sink) {
        throw logsUnsupported(app);
    }

    private LegendsException logsUnsupported(String app) {
        return LegendsException.precondition("app logs is not supported on kubernetes yet: use kubectl logs -n " + platform.namespace()
                + " -l " + KubeNames.APP_LABEL + "=" + app);
    }

    @Override
    public void autoscale(AutoscalerSpec spec, RevisionRef stable) {
        if (spec.requestsPerSecond() != null) {
            throw LegendsException.invalid("autoscale " + spec.app() + ": --requests-per-second is not supported on kubernetes "
                    + "(a HorizontalPodAutoscaler needs a custom metrics adapter for it): use --cpu-percent");
        }
        platform.autoscale(spec.app(), stable.revision(), spec.minReplicas(), spec.maxReplicas(), spec.cpuPercent());
    }

    @Override
    public void stopAutoscaling(String app, int stableRevision) {
        platform.stopAutoscaling(app, stableRevision);
    }

    @Override
    public Views.Autoscaling autoscaling(AutoscalerSpec spec, int stableRevision) {
        HorizontalPodAutoscaler hpa = platform.autoscaler(spec.app(), stableRevision);
        if (hpa == null) {
            return new Views.Autoscaling(spec, null, null, null, "no HorizontalPodAutoscaler " + KubeNames.revisionName(spec.app(),
                    stableRevision) + " on the cluster", Map.of());
        }
        HorizontalPodAutoscalerStatus s = hpa.getStatus();
        if (s == null || s.getDesiredReplicas() == null) {
            return new Views.Autoscaling(spec, null, null, null, "HorizontalPodAutoscaler has no status yet", Map.of());
        }
        Instant at = s.getLastScaleTime() == null ? null : Instant.parse(s.getLastScaleTime());
        return new Views.Autoscaling(spec, at, s.getCurrentReplicas(), s.getDesiredReplicas(), "HorizontalPodAutoscaler", Map.of());
    }

    @Override
    public AutoCloseable onInstancesChanged(Consumer<String> listener) {
        return () -> { };
    }

    @Override
    public void close() {
        // the backend owns the client
    }
}
