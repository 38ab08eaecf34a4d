package dev.legends.kube.routing;

import dev.legends.workload.port.AppRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/** Opens the ingress-nginx router's object builder to tests in other packages. */
public final class IngressNginxRouterAccess {
    private IngressNginxRouterAccess() {
    }

    public static List<Ingress> ingresses(AppRoute route, String namespace, String ingressClass) {
        return IngressNginxRouter.ingresses(route, namespace, ingressClass);
    }
}
