package dev.legends.kube.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.workload.TrafficRouterConformance;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.TrafficRouter;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Optional;
import java.util.Set;

/**
 * The TrafficRouter suite on the ingress-nginx router against the mock API server. Its canary
 * annotations express one canary beside the main version, chosen by one header or by a cookie
 * whose value is "always", and mirror-target copies every request: the rest it must refuse.
 */
@EnableKubernetesMockClient(crud = true)
class IngressNginxRouterConformanceTest extends TrafficRouterConformance {
    static final String NS = "conformance";
    static KubernetesClient client;

    @Override
    protected TrafficRouter router() {
        return new IngressNginxRouter(client, NS, "nginx");
    }

    @Override
    protected Optional<AppRoute> readBack(String app) {
        return new IngressNginxRouter(client, NS, "nginx").current(app);
    }

    @Override
    protected Set<Feature> unsupported() {
        return Set.of(Feature.THREE_WAY_SPLIT, Feature.MIRROR_PERCENT, Feature.COOKIE_VALUE_MATCH, Feature.TWO_HEADER_MATCHES,
                Feature.QUERY_MATCH, Feature.STICKY_BY_HEADER);
    }

    @Override
    protected void assertServed(AppRoute route) {
        Ingress main = client.network().v1().ingresses().inNamespace(NS).withName(route.app()).get();
        assertThat(main.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(main.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName())
                .isEqualTo(route.app() + "-r" + route.backends().getFirst().revision());
        Ingress canary = client.network().v1().ingresses().inNamespace(NS).withName(route.app() + "-canary").get();
        if (route.backends().size() == 1) {
            assertThat(canary).isNull();
        } else {
            assertThat(canary.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/canary-weight",
                    Integer.toString(route.backends().get(1).weight()));
        }
    }

    @Override
    protected void assertNotServed(String app) {
        assertThat(client.network().v1().ingresses().inNamespace(NS).withName(app).get()).isNull();
        assertThat(client.network().v1().ingresses().inNamespace(NS).withName(app + "-canary").get()).isNull();
    }
}
