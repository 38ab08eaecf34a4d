package dev.legends.kube.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.workload.TrafficRouterConformance;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.TrafficRouter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Optional;

/**
 * The TrafficRouter suite on the Gateway API router against the mock API server: it expresses
 * every feature. Routes are read back by a second router from the HTTPRoute on the cluster.
 */
@EnableKubernetesMockClient(crud = true)
class GatewayApiRouterConformanceTest extends TrafficRouterConformance {
    static final String NS = "conformance";
    static KubernetesClient client;

    @Override
    protected TrafficRouter router() {
        return new GatewayApiRouter(client, NS, "legends");
    }

    @Override
    protected Optional<AppRoute> readBack(String app) {
        return new GatewayApiRouter(client, NS, "legends").current(app);
    }

    @Override
    protected void assertServed(AppRoute route) {
        HTTPRoute r = client.resources(HTTPRoute.class).inNamespace(NS).withName(route.app()).get();
        assertThat(r.getSpec().getParentRefs()).singleElement().satisfies(p -> assertThat(p.getName()).isEqualTo("legends"));
        // one rule per match, then the weighted one
        assertThat(r.getSpec().getRules()).hasSize(route.matches().size() + 1);
        assertThat(r.getSpec().getRules().getLast().getBackendRefs()).extracting(b -> b.getName() + "=" + b.getWeight())
                .containsExactlyElementsOf(route.backends().stream().map(b -> route.app() + "-r" + b.revision() + "=" + b.weight()).toList());
    }

    @Override
    protected void assertNotServed(String app) {
        assertThat(client.resources(HTTPRoute.class).inNamespace(NS).withName(app).get()).isNull();
    }
}
