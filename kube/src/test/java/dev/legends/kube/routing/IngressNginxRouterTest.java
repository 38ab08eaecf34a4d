package dev.legends.kube.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.AppRoute.Backend;
import dev.legends.workload.port.RouteMatch;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class IngressNginxRouterTest {
    /** One mock API server per class (starting one takes a while); a namespace per test keeps tests apart. */
    static int tests;
    String NS;
    static final String P = "nginx.ingress.kubernetes.io/";
    static KubernetesClient client;
    IngressNginxRouter router;

    @BeforeEach
    void setUp() {
        NS = "shop" + ++tests;
        router = new IngressNginxRouter(client, NS, "nginx");
    }

    Ingress ingress(String name) {
        return client.network().v1().ingresses().inNamespace(NS).withName(name).get();
    }

    @Test
    void aCanaryIsASecondIngressWithCanaryAnnotations() {
        AppRoute canary = new AppRoute("web", "shop.example.com", "/", List.of(new Backend("stable", 3, 900), new Backend("canary", 4, 100)),
                List.of(RouteMatch.header("X-Canary", "yes", "canary"), RouteMatch.cookie("beta", "always", "canary")), null, null);
        router.apply(canary);

        Ingress main = ingress("web");
        assertThat(main.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(main.getSpec().getRules().getFirst().getHost()).isEqualTo("shop.example.com");
        assertThat(main.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName()).isEqualTo("web-r3");
        assertThat(main.getMetadata().getAnnotations()).doesNotContainKey(P + "canary");
        Ingress c = ingress("web-canary");
        assertThat(c.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName()).isEqualTo("web-r4");
        assertThat(c.getMetadata().getAnnotations()).containsAllEntriesOf(Map.of(
                P + "canary", "true", P + "canary-weight", "100", P + "canary-weight-total", "1000",
                P + "canary-by-header", "X-Canary", P + "canary-by-header-value", "yes", P + "canary-by-cookie", "beta"));
        assertThat(router.current("web")).contains(canary);

        AppRoute back = AppRoute.single("web", "shop.example.com", "/", "stable", 3);
        router.apply(back);
        assertThat(ingress("web-canary")).isNull();
        assertThat(router.current("web")).contains(back);
    }

    @Test
    void headerPatternsMirrorAndAffinity() {
        AppRoute route = new AppRoute("web", null, "/api", List.of(new Backend("stable", 1, 1000), new Backend("b", 2, 0)),
                List.of(new RouteMatch(RouteMatch.Source.HEADER, "X-Tenant", RouteMatch.Op.PREFIX, "acme.", "b")),
                new AppRoute.Mirror("shadow", 5, 100, false), new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, null));
        router.apply(route);

        assertThat(ingress("web-canary").getMetadata().getAnnotations()).containsEntry(P + "canary-by-header-pattern", "^acme\\.");
        assertThat(ingress("web").getMetadata().getAnnotations())
                .containsEntry(P + "mirror-target", "http://web-r5." + NS + ".svc.cluster.local:80$request_uri")
                .containsEntry(P + "affinity", "cookie")
                .containsEntry(P + "session-cookie-name", "legends-web")
                .containsEntry(P + "affinity-canary-behavior", "sticky");
        assertThat(router.current("web")).contains(route);

        router.remove("web");
        assertThat(router.current("web")).isEmpty();
        assertThat(client.network().v1().ingresses().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void whatIngressNginxCannotExpressIsRefusedWholeAndChangesNothing() {
        AppRoute before = AppRoute.single("web", null, "/", "stable", 1);
        router.apply(before);
        List<Backend> two = List.of(new Backend("stable", 1, 500), new Backend("canary", 2, 500));

        assertRefused(new AppRoute("web", null, "/", List.of(new Backend("a", 1, 400), new Backend("b", 2, 300), new Backend("c", 3, 300)),
                List.of(), null, null), "cannot split traffic between 3 versions");
        assertRefused(new AppRoute("web", null, "/", two,
                List.of(new RouteMatch(RouteMatch.Source.QUERY, "v", RouteMatch.Op.EXACT, "2", "canary")), null, null),
                "cannot route by query parameter v");
        assertRefused(new AppRoute("web", null, "/", two, List.of(RouteMatch.cookie("group", "b", "canary")), null, null),
                "unless its value is exactly \"always\"");
        assertRefused(new AppRoute("web", null, "/", two,
                List.of(new RouteMatch(RouteMatch.Source.HEADER, "X-Beta", RouteMatch.Op.PRESENT, null, "canary")), null, null),
                "mere presence of header X-Beta");
        assertRefused(new AppRoute("web", null, "/", two, List.of(RouteMatch.header("X-Old", "1", "stable")), null, null),
                "matches can only choose the canary");
        assertRefused(new AppRoute("web", null, "/", two, List.of(), new AppRoute.Mirror("shadow", 3, 10, false), null),
                "cannot mirror 10.0% of requests");
        assertRefused(new AppRoute("web", null, "/", two, List.of(), null, new AppRoute.Sticky(AppRoute.Sticky.Source.HEADER, "X-User")),
                "by header X-User");

        assertThat(router.current("web")).contains(before);
        assertThat(ingress("web-canary")).isNull();
    }

    private void assertRefused(AppRoute route, String message) {
        assertThatThrownBy(() -> router.apply(route)).isInstanceOf(LegendsException.class)
                .hasMessageStartingWith("web: ingress-nginx cannot").hasMessageContaining(message);
    }
}
