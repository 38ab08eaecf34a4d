package dev.legends.kube.routing;

import dev.legends.kube.objects.Conflicts;
import dev.legends.kube.objects.KubeErrors;
import dev.legends.kube.objects.KubeNames;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.TrafficRouter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * The TrafficRouter port as one Gateway API HTTPRoute per app (see {@link HttpRoutes} for the
 * mapping). Apply replaces the route's spec in one write, so the gateway sees each change whole.
 */
public final class GatewayApiRouter implements TrafficRouter {
    private final KubernetesClient client;
    private final String namespace;
    private final String gateway;

    /** @param gateway the Gateway routes attach to: "name" (in {@code namespace}) or "namespace/name" */
    public GatewayApiRouter(KubernetesClient client, String namespace, String gateway) {
        this.client = client;
        this.namespace = namespace;
        this.gateway = gateway;
    }

    @Override
    public void apply(AppRoute route) {
        HTTPRoute wanted = HttpRoutes.toHttpRoute(route, namespace, gateway);
        String name = wanted.getMetadata().getName();
        try {
            var routes = client.resources(HTTPRoute.class).inNamespace(namespace);
            if (routes.withName(name).get() == null) {
                routes.resource(wanted).create();
            } else {
                Conflicts.retry(() -> routes.withName(name).edit(r -> {
                    r.getMetadata().setAnnotations(wanted.getMetadata().getAnnotations());
                    r.getMetadata().setLabels(wanted.getMetadata().getLabels());
                    r.setSpec(wanted.getSpec());
                    return r;
                }));
            }
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate("apply HTTPRoute " + name, e);
        }
    }

    @Override
    public Optional<AppRoute> current(String app) {
        String name = KubeNames.appName(app);
        try {
            HTTPRoute r = client.resources(HTTPRoute.class).inNamespace(namespace).withName(name).get();
            return r == null ? Optional.empty() : Optional.of(HttpRoutes.fromHttpRoute(app, r));
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate("read HTTPRoute " + name, e);
        }
    }

    @Override
    public void remove(String app) {
        String name = KubeNames.appName(app);
        try {
            client.resources(HTTPRoute.class).inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate("delete HTTPRoute " + name, e);
        }
    }
}
