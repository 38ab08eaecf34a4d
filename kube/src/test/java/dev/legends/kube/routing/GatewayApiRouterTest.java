package dev.legends.kube.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.AppRoute.Backend;
import dev.legends.workload.port.RouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class GatewayApiRouterTest {
    /** One mock API server per class (starting one takes a while); a namespace per test keeps tests apart. */
    static int tests;
    String NS;
    static KubernetesClient client;
    GatewayApiRouter router;

    @BeforeEach
    void setUp() {
        NS = "shop" + ++tests;
        router = new GatewayApiRouter(client, NS, "infra/public");
    }

    HTTPRoute stored() {
        return client.resources(HTTPRoute.class).inNamespace(NS).withName("web").get();
    }

    @Test
    void weightsAreBackendRefsInPerMille() {
        AppRoute canary = new AppRoute("web", "shop.example.com", "/api",
                List.of(new Backend("stable", 3, 875), new Backend("canary", 4, 125)), List.of(), null, null);
        router.apply(canary);

        HTTPRoute r = stored();
        assertThat(r.getSpec().getParentRefs().getFirst().getName()).isEqualTo("public");
        assertThat(r.getSpec().getParentRefs().getFirst().getNamespace()).isEqualTo("infra");
        assertThat(r.getSpec().getHostnames()).containsExactly("shop.example.com");
        HTTPRouteRule rule = r.getSpec().getRules().getFirst();
        assertThat(rule.getMatches().getFirst().getPath().getType()).isEqualTo("PathPrefix");
        assertThat(rule.getMatches().getFirst().getPath().getValue()).isEqualTo("/api");
        assertThat(rule.getBackendRefs()).extracting(b -> b.getName() + ":" + b.getPort() + "=" + b.getWeight())
                .containsExactly("web-r3:80=875", "web-r4:80=125");
        assertThat(router.current("web")).contains(canary);

        AppRoute promoted = AppRoute.single("web", "shop.example.com", "/api", "stable", 4);
        router.apply(promoted);
        assertThat(router.current("web")).contains(promoted);
        assertThat(stored().getSpec().getRules()).hasSize(1);
    }

    @Test
    void matchesRoundTripAndCookiesMatchRealCookieHeaders() {
        List<RouteMatch> matches = List.of(
                RouteMatch.header("X-Canary", "yes", "b"),
                new RouteMatch(RouteMatch.Source.HEADER, "X-Tenant", RouteMatch.Op.PREFIX, "acme.", "b"),
                new RouteMatch(RouteMatch.Source.HEADER, "X-Beta", RouteMatch.Op.PRESENT, null, "b"),
                new RouteMatch(RouteMatch.Source.HEADER, "User-Agent", RouteMatch.Op.REGEX, ".*(iPhone|Android).*", "b"),
                RouteMatch.cookie("group", "b+1", "b"),
                new RouteMatch(RouteMatch.Source.COOKIE, "beta", RouteMatch.Op.PRESENT, null, "b"),
                new RouteMatch(RouteMatch.Source.COOKIE, "region", RouteMatch.Op.PREFIX, "eu-", "b"),
                new RouteMatch(RouteMatch.Source.COOKIE, "uid", RouteMatch.Op.REGEX, "[0-9]*[02468]", "b"),
                new RouteMatch(RouteMatch.Source.QUERY, "variant", RouteMatch.Op.EXACT, "b", "b"));
        AppRoute ab = new AppRoute("web", null, "/", List.of(new Backend("a", 1, 1000), new Backend("b", 2, 0)), matches, null, null);
        router.apply(ab);

        assertThat(router.current("web")).contains(ab);
        List<HTTPRouteRule> rules = stored().getSpec().getRules();
        assertThat(rules).hasSize(matches.size() + 1);
        assertThat(stored().getSpec().getHostnames()).isEmpty();
        assertThat(rules.getLast().getBackendRefs()).extracting(b -> b.getWeight()).containsExactly(1000, 0);

        // The gateway sees a header regex on Cookie: it must accept the cookie wherever it sits in the header.
        Pattern group = cookiePattern(rules, 4);
        assertThat(group.matcher("group=b+1").matches()).isTrue();
        assertThat(group.matcher("a=1; group=b+1; c=2").matches()).isTrue();
        assertThat(group.matcher("group=bb1").matches()).as("+ is literal").isFalse();
        assertThat(group.matcher("xgroup=b+1").matches()).isFalse();
        Pattern uid = cookiePattern(rules, 7);
        assertThat(uid.matcher("sid=x; uid=1234").matches()).isTrue();
        assertThat(uid.matcher("sid=x; uid=1235").matches()).isFalse();
        Pattern region = cookiePattern(rules, 6);
        assertThat(region.matcher("region=eu-west; a=b").matches()).isTrue();
        assertThat(region.matcher("region=us-east").matches()).isFalse();
        assertThat(rules.get(8).getMatches().getFirst().getQueryParams().getFirst().getName()).isEqualTo("variant");
    }

    private static Pattern cookiePattern(List<HTTPRouteRule> rules, int index) {
        HTTPHeaderMatch h = rules.get(index).getMatches().getFirst().getHeaders().getFirst();
        assertThat(h.getName()).isEqualTo("Cookie");
        assertThat(h.getType()).isEqualTo("RegularExpression");
        return Pattern.compile(h.getValue());
    }

    @Test
    void mirrorIsARequestMirrorFilterWithPercentOrFraction() {
        AppRoute shadow = new AppRoute("web", null, "/", List.of(new Backend("stable", 3, 1000)), List.of(),
                new AppRoute.Mirror("shadow", 5, 20, true), null);
        router.apply(shadow);
        var mirror = stored().getSpec().getRules().getFirst().getFilters().getFirst();
        assertThat(mirror.getType()).isEqualTo("RequestMirror");
        assertThat(mirror.getRequestMirror().getBackendRef().getName()).isEqualTo("web-r5");
        assertThat(mirror.getRequestMirror().getPercent()).isEqualTo(20);
        assertThat(router.current("web")).contains(shadow);

        AppRoute fine = new AppRoute("web", null, "/", List.of(new Backend("stable", 3, 1000)), List.of(),
                new AppRoute.Mirror("shadow", 5, 2.5, false), null);
        router.apply(fine);
        var f = stored().getSpec().getRules().getFirst().getFilters().getFirst().getRequestMirror();
        assertThat(f.getPercent()).isNull();
        assertThat(f.getFraction().getNumerator()).isEqualTo(25);
        assertThat(f.getFraction().getDenominator()).isEqualTo(1000);
        assertThat(router.current("web")).contains(fine);
    }

    @Test
    void stickyIsSessionPersistence() {
        AppRoute sticky = new AppRoute("web", null, "/", List.of(new Backend("a", 1, 500), new Backend("b", 2, 500)), List.of(), null,
                new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, null));
        router.apply(sticky);
        var session = stored().getSpec().getRules().getFirst().getSessionPersistence();
        assertThat(session.getType()).isEqualTo("Cookie");
        assertThat(session.getSessionName()).isEqualTo("legends-web");
        assertThat(router.current("web")).contains(sticky);

        AppRoute byHeader = new AppRoute("web", null, "/", List.of(new Backend("a", 1, 500), new Backend("b", 2, 500)), List.of(), null,
                new AppRoute.Sticky(AppRoute.Sticky.Source.HEADER, "X-User"));
        router.apply(byHeader);
        assertThat(router.current("web")).contains(byHeader);
    }

    @Test
    void aRouteEditedByHandIsReadInPerMille() {
        router.apply(new AppRoute("web", null, "/", List.of(new Backend("stable", 1, 500), new Backend("canary", 2, 500)), List.of(), null, null));
        client.resources(HTTPRoute.class).inNamespace(NS).withName("web").edit(r -> {
            r.getSpec().getRules().getFirst().getBackendRefs().get(0).setWeight(2);
            r.getSpec().getRules().getFirst().getBackendRefs().get(1).setWeight(1);
            return r;
        });
        assertThat(router.current("web").orElseThrow().backends()).extracting(Backend::weight).containsExactly(667, 333);
    }

    @Test
    void removeAndUnknownApps() {
        assertThat(router.current("web")).isEmpty();
        router.apply(AppRoute.single("web", null, "/", "stable", 1));
        router.remove("web");
        assertThat(router.current("web")).isEmpty();
        assertThat(client.resources(HTTPRoute.class).inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void aMatchToAnUnknownVersionIsRefusedAndChangesNothing() {
        router.apply(AppRoute.single("web", null, "/", "stable", 1));
        AppRoute bad = new AppRoute("web", null, "/", List.of(new Backend("stable", 1, 1000)),
                List.of(RouteMatch.header("X-Preview", "1", "preview")), null, null);
        assertThatThrownBy(() -> router.apply(bad)).isInstanceOf(LegendsException.class)
                .hasMessageContaining("sends to version 'preview', which is not one of the route's backends");
        List<RouteMatch> many = java.util.stream.IntStream.range(0, 16).mapToObj(i -> RouteMatch.header("X-" + i, "1", "stable")).toList();
        assertThatThrownBy(() -> router.apply(new AppRoute("web", null, "/", List.of(new Backend("stable", 1, 1000)), many, null, null)))
                .hasMessageContaining("at most 16 rules");
        assertThat(router.current("web")).contains(AppRoute.single("web", null, "/", "stable", 1));
    }
}
