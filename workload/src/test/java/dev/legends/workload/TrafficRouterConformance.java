package dev.legends.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.AppRoute.Backend;
import dev.legends.workload.port.RouteMatch;
import dev.legends.workload.port.TrafficRouter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TrafficRouter} adapter must do, run against each (the local gateway's, the
 * Gateway API's, ingress-nginx's): a subclass supplies the router, a reader that reads routes
 * back from where the router keeps them, and the features it cannot express. A route that needs
 * such a feature must be refused with an invalid-argument error that leaves the app's route as it
 * was: never applied with the feature silently dropped.
 */
public abstract class TrafficRouterConformance {
    /** What a route may ask for beyond plain weights between two versions and a header match. */
    public enum Feature {
        /** More than two weighted backends at once. */
        THREE_WAY_SPLIT,
        /** A mirror of less than every request. */
        MIRROR_PERCENT,
        /** A cookie match on any value (not only "always"). */
        COOKIE_VALUE_MATCH,
        /** Two header matches in one route. */
        TWO_HEADER_MATCHES,
        /** A match on a query parameter. */
        QUERY_MATCH,
        /** Keeping users on a version by a hash of a request header. */
        STICKY_BY_HEADER
    }

    /** The router under test. */
    protected abstract TrafficRouter router();

    private static final java.util.concurrent.atomic.AtomicInteger APPS = new java.util.concurrent.atomic.AtomicInteger();

    /** A fresh app name for one test (a DNS label): tests share the router's store or namespace. */
    protected String appName(String hint) {
        return hint + "-" + APPS.incrementAndGet();
    }

    /** Reads the route of {@code app} back from where the router keeps it (another adapter over the same store, the cluster). */
    protected Optional<AppRoute> readBack(String app) {
        return router().current(app);
    }

    /** What this adapter cannot express. */
    protected Set<Feature> unsupported() {
        return Set.of();
    }

    /** Checks that what serves traffic (a gateway, the cluster's objects) has {@code route}; the default trusts {@link #readBack}. */
    protected void assertServed(AppRoute route) {
    }

    /** Checks that nothing serves {@code app} any more. */
    protected void assertNotServed(String app) {
    }

    private static AppRoute split(String app, int stable, int canary) {
        return new AppRoute(app, "shop.example.com", "/", List.of(new Backend("stable", 1, stable), new Backend("canary", 2, canary)),
                List.of(), null, null);
    }

    /** Applies {@code route} when the adapter can express {@code needs}, else checks the refusal and that the route stayed. */
    private void applyOrRefused(Feature needs, AppRoute route) {
        AppRoute before = split(route.app(), 900, 100);
        router().apply(before);
        if (unsupported().contains(needs)) {
            assertThatThrownBy(() -> router().apply(route)).as(needs + " is declared unsupported")
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                    .hasMessageContaining(route.app());
            assertThat(readBack(route.app())).as("a refused route leaves the previous one").contains(before);
            assertServed(before);
        } else {
            router().apply(route);
            assertThat(readBack(route.app())).contains(route);
            assertServed(route);
        }
    }

    @Test
    void applyReadBackAndRemove() {
        String app = appName("rt");
        AppRoute route = AppRoute.single(app, "shop.example.com", "/shop", "stable", 3);
        router().apply(route);
        assertThat(readBack(app)).contains(route);
        assertServed(route);
        router().remove(app);
        assertThat(readBack(app)).isEmpty();
        assertNotServed(app);
    }

    @Test
    void removingAnUnknownAppIsNoError() {
        String app = appName("ghost");
        router().remove(app);
        assertThat(readBack(app)).isEmpty();
    }

    @Test
    void weightsMoveBetweenTwoVersions() {
        String app = appName("w");
        for (int canary : new int[] {0, 100, 500, 1000}) {
            AppRoute route = split(app, 1000 - canary, canary);
            router().apply(route);
            assertThat(readBack(app)).contains(route);
            assertServed(route);
        }
    }

    @Test
    void threeVersionsAtOnce() {
        String app = appName("three");
        applyOrRefused(Feature.THREE_WAY_SPLIT, new AppRoute(app, "shop.example.com", "/", List.of(new Backend("stable", 1, 600),
                new Backend("canary", 2, 300), new Backend("b", 3, 100)), List.of(), null, null));
    }

    @Test
    void aHeaderMatchSendsToTheCanary() {
        String app = appName("hdr");
        AppRoute route = new AppRoute(app, "shop.example.com", "/", List.of(new Backend("stable", 1, 1000), new Backend("canary", 2, 0)),
                List.of(RouteMatch.header("X-Canary", "yes", "canary")), null, null);
        router().apply(route);
        assertThat(readBack(app)).contains(route);
        assertServed(route);
    }

    @Test
    void twoHeaderMatches() {
        String app = appName("hdr2");
        applyOrRefused(Feature.TWO_HEADER_MATCHES, new AppRoute(app, "shop.example.com", "/",
                List.of(new Backend("stable", 1, 900), new Backend("canary", 2, 100)),
                List.of(RouteMatch.header("X-Canary", "yes", "canary"), RouteMatch.header("X-Beta", "on", "canary")), null, null));
    }

    @Test
    void aCookieMatchOnAlwaysSendsToTheCanary() {
        String app = appName("ck");
        AppRoute route = new AppRoute(app, "shop.example.com", "/", List.of(new Backend("stable", 1, 900), new Backend("canary", 2, 100)),
                List.of(RouteMatch.cookie("beta", "always", "canary")), null, null);
        router().apply(route);
        assertThat(readBack(app)).contains(route);
        assertServed(route);
    }

    @Test
    void aCookieMatchOnAnyValue() {
        String app = appName("ckv");
        applyOrRefused(Feature.COOKIE_VALUE_MATCH, new AppRoute(app, "shop.example.com", "/",
                List.of(new Backend("stable", 1, 900), new Backend("canary", 2, 100)),
                List.of(RouteMatch.cookie("variant", "b", "canary")), null, null));
    }

    @Test
    void aQueryMatch() {
        String app = appName("q");
        applyOrRefused(Feature.QUERY_MATCH, new AppRoute(app, "shop.example.com", "/",
                List.of(new Backend("stable", 1, 900), new Backend("canary", 2, 100)),
                List.of(new RouteMatch(RouteMatch.Source.QUERY, "beta", RouteMatch.Op.EXACT, "1", "canary")), null, null));
    }

    @Test
    void mirrorEveryRequest() {
        String app = appName("mir");
        AppRoute route = new AppRoute(app, "shop.example.com", "/", List.of(new Backend("stable", 1, 1000)), List.of(),
                new AppRoute.Mirror("shadow", 2, 100, false), null);
        router().apply(route);
        assertThat(readBack(app)).contains(route);
        assertServed(route);
    }

    @Test
    void mirrorAShareOfRequests() {
        String app = appName("mirp");
        applyOrRefused(Feature.MIRROR_PERCENT, new AppRoute(app, "shop.example.com", "/", List.of(new Backend("stable", 1, 1000)),
                List.of(), new AppRoute.Mirror("shadow", 2, 25, false), null));
    }

    @Test
    void stickyByCookie() {
        String app = appName("stk");
        AppRoute route = new AppRoute(app, "shop.example.com", "/", List.of(new Backend("stable", 1, 900), new Backend("b", 2, 100)),
                List.of(), null, new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, "user"));
        router().apply(route);
        assertThat(readBack(app)).contains(route);
        assertServed(route);
    }

    @Test
    void stickyByHeader() {
        String app = appName("stkh");
        applyOrRefused(Feature.STICKY_BY_HEADER, new AppRoute(app, "shop.example.com", "/",
                List.of(new Backend("stable", 1, 900), new Backend("b", 2, 100)), List.of(), null,
                new AppRoute.Sticky(AppRoute.Sticky.Source.HEADER, "X-User")));
    }

    @Test
    void aNewRouteReplacesTheWholeOldOne() {
        String app = appName("swap");
        AppRoute busy = new AppRoute(app, "shop.example.com", "/", List.of(new Backend("stable", 1, 800), new Backend("canary", 2, 200)),
                List.of(RouteMatch.header("X-Canary", "yes", "canary")), new AppRoute.Mirror("canary", 2, 100, false), null);
        router().apply(busy);
        assertThat(readBack(app)).contains(busy);
        // blue/green's switch and abort's all-to-stable: one apply, nothing of the old route left
        AppRoute plain = AppRoute.single(app, "shop.example.com", "/", "stable", 2);
        router().apply(plain);
        assertThat(readBack(app)).contains(plain);
        assertServed(plain);
    }
}
