package dev.legends.workload.traffic;

import dev.legends.core.LegendsException;
import dev.legends.gateway.Route;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.RouteMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@link AppRoute} (roles and revisions) as a gateway {@link Route} (versions named r&lt;revision&gt;, with endpoints). */
final class RouteTranslation {
    private RouteTranslation() {
    }

    static String versionName(int revision) {
        return "r" + revision;
    }

    static Route toGateway(AppRoute route, List<Instance> instances) {
        Map<Integer, Integer> weights = new LinkedHashMap<>();
        Map<String, Integer> roles = new LinkedHashMap<>();
        for (AppRoute.Backend b : route.backends()) {
            weights.merge(b.revision(), b.weight(), Integer::sum);
            roles.put(b.version(), b.revision());
        }
        if (route.mirror() != null) {
            weights.putIfAbsent(route.mirror().revision(), 0);
            roles.putIfAbsent(route.mirror().version(), route.mirror().revision());
        }
        List<Route.Version> versions = new ArrayList<>();
        weights.forEach((rev, w) -> versions.add(new Route.Version(versionName(rev), ready(instances, rev), w)));
        List<Route.Match> matches = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        if (route.host() != null) {
            hosts.add(route.host());
        }
        for (RouteMatch m : route.matches()) {
            // a preview host (blue/green's previewRoute) is an exact Host match: the route must
            // serve that host too, or its requests would never reach the match
            if (!hosts.isEmpty() && m.source() == RouteMatch.Source.HEADER && m.name().equalsIgnoreCase("host")
                    && m.op() == RouteMatch.Op.EXACT && !hosts.contains(m.value())) {
                hosts.add(m.value());
            }
            Integer rev = roles.get(m.version());
            if (rev == null) {
                throw LegendsException.invalid("route of " + route.app() + ": a match sends to " + m.version() + ", which has no backend");
            }
            matches.add(new Route.Match(Route.MatchKind.valueOf(m.source().name()), m.name(), Route.MatchOp.valueOf(m.op().name()),
                    m.value(), versionName(rev)));
        }
        Route.Sticky sticky = null;
        if (route.sticky() != null) {
            sticky = route.sticky().name() == null
                    ? new Route.Sticky(Route.StickyKind.SET_COOKIE, "legends-" + route.app())
                    : new Route.Sticky(Route.StickyKind.valueOf(route.sticky().source().name()), route.sticky().name());
        }
        Route.Mirror mirror = route.mirror() == null ? null
                : new Route.Mirror(versionName(route.mirror().revision()), (int) Math.round(route.mirror().percent() * 10),
                        route.mirror().compare(), List.of());
        return new Route(route.app(), hosts, route.pathPrefix(), versions,
                matches, sticky, mirror, null);
    }

    /** Endpoints of the ready instances of one revision, sorted so that equal sets compare equal. */
    static List<String> ready(List<Instance> instances, int revision) {
        return instances.stream()
                .filter(i -> i.revision() == revision && GatewayRouter.isReady(i))
                .map(Instance::endpoint)
                .sorted()
                .toList();
    }

    /**
     * {@code next}, where a version with no ready endpoint keeps the endpoints {@code adopted} (the
     * gateway's route before this daemon started) gave it, as long as their instances still run.
     * After a daemon restart readiness is unknown until the first probes pass; without this the
     * gateway would be told that a serving revision has no endpoint and answer 503 meanwhile.
     */
    static Route withAdopted(Route next, Route adopted, List<Instance> instances) {
        if (adopted == null) {
            return next;
        }
        List<Route.Version> versions = new ArrayList<>();
        for (Route.Version v : next.versions()) {
            Route.Version before = adopted.version(v.name());
            if (v.endpoints().isEmpty() && before != null) {
                List<String> running = instances.stream()
                        .filter(i -> versionName(i.revision()).equals(v.name()) && i.phase() == Instance.Phase.RUNNING && i.address() != null)
                        .map(Instance::endpoint)
                        .filter(before.endpoints()::contains)
                        .sorted()
                        .toList();
                versions.add(new Route.Version(v.name(), running, v.weight()));
            } else {
                versions.add(v);
            }
        }
        return next.withVersions(versions);
    }
}
