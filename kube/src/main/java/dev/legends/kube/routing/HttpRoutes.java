package dev.legends.kube.routing;

import dev.legends.core.LegendsException;
import dev.legends.kube.objects.KubeNames;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.RouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestMirrorFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SessionPersistence;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SessionPersistenceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AppRoute as a Gateway API HTTPRoute (gateway.networking.k8s.io/v1) and back.
 * <ul>
 *   <li>Weights: one rule whose backendRefs are the per-revision Services with the per-mille
 *       weights as they are (Gateway API weights are relative, so 1000 parts keep 0.1% steps).</li>
 *   <li>Matches: one rule per RouteMatch, ahead of the weighted rule. Gateway API ranks rules with
 *       more header matches first, then more query matches, then list order: exactly AppRoute's
 *       "headers, then cookies, then query". A cookie is a RegularExpression header match on
 *       {@code Cookie} (HTTPRoute has no cookie match; regular expressions are "implementation
 *       specific" support, which Envoy Gateway, Istio and Cilium have).</li>
 *   <li>Mirror: a RequestMirror filter on every rule, with {@code percent} when whole and
 *       {@code fraction} (per-mille) otherwise (GEP-3171, Gateway API v1.3; older gateways
 *       ignore the share and mirror every request). {@code compare} cannot be expressed: nobody
 *       compares responses on a cluster, so it is kept in an annotation only.</li>
 *   <li>Sticky: sessionPersistence on the weighted rule. It is experimental (GEP-1619, the
 *       experimental channel's CRDs) and the gateway issues its own cookie or reads the named
 *       header, rather than hashing a cookie the user already has; gateways without it ignore it.</li>
 * </ul>
 * Version names have no place in an HTTPRoute, so annotation {@code legends.dev/versions} keeps
 * them ({@code stable=3,canary=4}); everything else is read back from the spec.
 */
public final class HttpRoutes {
    static final String VERSIONS = "legends.dev/versions";
    static final String MIRROR_COMPARE = "legends.dev/mirror-compare";
    private static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
    private static final int MAX_RULES = 16; // the HTTPRoute CRD's maxItems
    private static final String COOKIE = "Cookie";
    // A cookie pair anywhere in a Cookie header: "a=1; name=value; b=2".
    private static final String COOKIE_BEFORE = "(^|.*;\\s*)";
    private static final String COOKIE_AFTER = "(;.*|$)";

    private HttpRoutes() {
    }

    /**
     * @param gateway the Gateway the route attaches to, "name" or "namespace/name"
     */
    public static HTTPRoute toHttpRoute(AppRoute route, String namespace, String gateway) {
        String app = KubeNames.appName(route.app());
        Map<String, Integer> versions = versions(route);
        List<HTTPRouteFilter> mirror = route.mirror() == null ? List.of() : List.of(mirrorFilter(app, route.mirror()));
        List<HTTPRouteRule> rules = new ArrayList<>();
        if (route.matches().size() + 1 > MAX_RULES) {
            throw LegendsException.invalid(app + ": an HTTPRoute holds at most " + MAX_RULES + " rules, one per match plus the weights: "
                    + route.matches().size() + " matches are too many");
        }
        List<RouteMatch> ordered = route.matches().stream().sorted(Comparator.comparing(RouteMatch::source)).toList();
        for (RouteMatch m : ordered) {
            Integer revision = versions.get(m.version());
            if (revision == null) {
                throw LegendsException.invalid(app + ": match " + m.source() + " " + m.name() + " sends to version '" + m.version()
                        + "', which is not one of the route's backends (give it weight 0 to reach it by matches only)");
            }
            rules.add(new HTTPRouteRuleBuilder().withMatches(match(route.pathPrefix(), m))
                    .withBackendRefs(backendRef(app, revision, 1)).withFilters(mirror).build());
        }
        HTTPRouteRuleBuilder weighted = new HTTPRouteRuleBuilder().withMatches(pathOnly(route.pathPrefix()))
                .withBackendRefs(route.backends().stream().map(b -> backendRef(app, b.revision(), b.weight())).toList())
                .withFilters(mirror);
        if (route.sticky() != null) {
            weighted.withSessionPersistence(session(app, route.sticky()));
        }
        rules.add(weighted.build());
        String[] gw = gateway.contains("/") ? gateway.split("/", 2) : new String[] {null, gateway};
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(VERSIONS, formatVersions(versions));
        if (route.mirror() != null && route.mirror().compare()) {
            annotations.put(MIRROR_COMPARE, "true");
        }
        return new HTTPRouteBuilder()
                .withNewMetadata().withName(app).withNamespace(namespace).withAnnotations(annotations)
                .withLabels(Map.of(KubeNames.APP_LABEL, app, KubeNames.MANAGED_BY_LABEL, KubeNames.MANAGED_BY)).endMetadata()
                .withNewSpec()
                .addNewParentRef().withGroup(GATEWAY_GROUP).withKind("Gateway").withNamespace(gw[0]).withName(gw[1]).endParentRef()
                .withHostnames(route.host() == null ? List.of() : List.of(route.host()))
                .withRules(rules)
                .endSpec()
                .build();
    }

    /** Reads an HTTPRoute this class wrote (or one edited along the same lines) back into an AppRoute. */
    public static AppRoute fromHttpRoute(String app, HTTPRoute r) {
        Map<Integer, String> names = new LinkedHashMap<>();
        parseVersions(r.getMetadata().getAnnotations() == null ? null : r.getMetadata().getAnnotations().get(VERSIONS))
                .forEach((version, revision) -> names.putIfAbsent(revision, version));
        var spec = r.getSpec();
        String host = spec.getHostnames() == null || spec.getHostnames().isEmpty() ? null : spec.getHostnames().getFirst();
        List<HTTPRouteRule> rules = spec.getRules() == null ? List.of() : spec.getRules();
        HTTPRouteRule weighted = rules.stream().filter(HttpRoutes::unconditional).reduce((a, b) -> b)
                .orElseThrow(() -> LegendsException.invalid("HTTPRoute " + app + " has no rule without header or query matches"));
        String prefix = pathOf(weighted);
        List<AppRoute.Backend> backends = perMille(app, weighted.getBackendRefs().stream()
                .map(b -> {
                    int rev = revisionOf(app, b.getName());
                    return new AppRoute.Backend(names.getOrDefault(rev, "r" + rev), rev, b.getWeight() == null ? 1 : b.getWeight());
                }).toList());
        List<RouteMatch> matches = new ArrayList<>();
        for (HTTPRouteRule rule : rules) {
            if (rule == weighted || rule.getMatches() == null) {
                continue;
            }
            int rev = revisionOf(app, rule.getBackendRefs().getFirst().getName());
            String version = names.getOrDefault(rev, "r" + rev);
            for (HTTPRouteMatch m : rule.getMatches()) {
                matches.addAll(routeMatches(m, version));
            }
        }
        AppRoute.Mirror mirror = weighted.getFilters() == null ? null : weighted.getFilters().stream()
                .filter(f -> f.getRequestMirror() != null).findFirst()
                .map(f -> mirrorOf(app, f.getRequestMirror(), names,
                        "true".equals(r.getMetadata().getAnnotations() == null ? null : r.getMetadata().getAnnotations().get(MIRROR_COMPARE))))
                .orElse(null);
        AppRoute.Sticky sticky = weighted.getSessionPersistence() == null ? null : stickyOf(app, weighted.getSessionPersistence());
        return new AppRoute(app, host, prefix, backends, matches, mirror, sticky);
    }

    /**
     * Weights as per-mille. Ours already are; a route someone edited by hand (GitOps: 90 and 10) is
     * scaled, with the rounding remainder given to the heaviest backend.
     */
    static List<AppRoute.Backend> perMille(String app, List<AppRoute.Backend> raw) {
        long sum = raw.stream().mapToLong(AppRoute.Backend::weight).sum();
        if (sum == AppRoute.TOTAL_WEIGHT) {
            return raw;
        }
        if (sum == 0 || raw.stream().anyMatch(b -> b.weight() < 0)) {
            throw LegendsException.invalid("HTTPRoute " + app + " gives its backends no traffic (weights sum to " + sum + ")");
        }
        List<AppRoute.Backend> scaled = new ArrayList<>();
        int total = 0;
        int heaviest = 0;
        for (int i = 0; i < raw.size(); i++) {
            AppRoute.Backend b = raw.get(i);
            int w = (int) (b.weight() * (long) AppRoute.TOTAL_WEIGHT / sum);
            scaled.add(new AppRoute.Backend(b.version(), b.revision(), w));
            total += w;
            heaviest = b.weight() > raw.get(heaviest).weight() ? i : heaviest;
        }
        AppRoute.Backend h = scaled.get(heaviest);
        scaled.set(heaviest, new AppRoute.Backend(h.version(), h.revision(), h.weight() + AppRoute.TOTAL_WEIGHT - total));
        return scaled;
    }

    private static Map<String, Integer> versions(AppRoute route) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        route.backends().forEach(b -> {
            Integer before = versions.putIfAbsent(b.version(), b.revision());
            if (before != null && before != b.revision()) {
                throw LegendsException.invalid(route.app() + ": version '" + b.version() + "' names two revisions");
            }
        });
        if (route.mirror() != null) {
            versions.putIfAbsent(route.mirror().version(), route.mirror().revision());
        }
        return versions;
    }

    static String formatVersions(Map<String, Integer> versions) {
        return String.join(",", versions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    static Map<String, Integer> parseVersions(String annotation) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        if (annotation == null || annotation.isBlank()) {
            return versions;
        }
        for (String pair : annotation.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    versions.put(pair.substring(0, eq).trim(), Integer.parseInt(pair.substring(eq + 1).trim()));
                } catch (NumberFormatException ignored) {
                    // someone else's edit: fall back to "r<rev>" names for it
                }
            }
        }
        return versions;
    }

    private static HTTPBackendRef backendRef(String app, int revision, int weight) {
        return new HTTPBackendRefBuilder().withKind("Service").withName(KubeNames.revisionName(app, revision))
                .withPort(KubeNames.SERVICE_PORT).withWeight(weight).build();
    }

    private static HTTPRouteMatch pathOnly(String prefix) {
        return new HTTPRouteMatchBuilder().withNewPath().withType("PathPrefix").withValue(prefix).endPath().build();
    }

    private static HTTPRouteMatch match(String prefix, RouteMatch m) {
        HTTPRouteMatchBuilder b = new HTTPRouteMatchBuilder().withNewPath().withType("PathPrefix").withValue(prefix).endPath();
        return switch (m.source()) {
            case HEADER -> b.addNewHeader().withName(m.name()).withType(m.op() == RouteMatch.Op.EXACT ? "Exact" : "RegularExpression")
                    .withValue(valuePattern(m)).endHeader().build();
            case QUERY -> b.addNewQueryParam().withName(m.name()).withType(m.op() == RouteMatch.Op.EXACT ? "Exact" : "RegularExpression")
                    .withValue(valuePattern(m)).endQueryParam().build();
            case COOKIE -> b.addNewHeader().withName(COOKIE).withType("RegularExpression")
                    .withValue(COOKIE_BEFORE + Regex.quote(m.name()) + "=" + cookieValue(m) + COOKIE_AFTER).endHeader().build();
        };
    }

    private static String valuePattern(RouteMatch m) {
        return switch (m.op()) {
            case EXACT -> m.value();
            case PREFIX -> Regex.quote(m.value()) + ".*";
            case REGEX -> m.value();
            case PRESENT -> ".*";
        };
    }

    private static String cookieValue(RouteMatch m) {
        return switch (m.op()) {
            case EXACT -> Regex.quote(m.value());
            case PREFIX -> Regex.quote(m.value()) + "[^;]*";
            case REGEX -> "(" + m.value() + ")";
            case PRESENT -> "[^;]*";
        };
    }

    private static List<RouteMatch> routeMatches(HTTPRouteMatch m, String version) {
        List<RouteMatch> out = new ArrayList<>();
        for (HTTPHeaderMatch h : m.getHeaders() == null ? List.<HTTPHeaderMatch>of() : m.getHeaders()) {
            if (COOKIE.equalsIgnoreCase(h.getName()) && "RegularExpression".equals(h.getType())) {
                out.add(cookieMatch(h.getValue(), version));
            } else {
                out.add(valueMatch(RouteMatch.Source.HEADER, h.getName(), h.getType(), h.getValue(), version));
            }
        }
        for (HTTPQueryParamMatch q : m.getQueryParams() == null ? List.<HTTPQueryParamMatch>of() : m.getQueryParams()) {
            out.add(valueMatch(RouteMatch.Source.QUERY, q.getName(), q.getType(), q.getValue(), version));
        }
        return out;
    }

    private static RouteMatch valueMatch(RouteMatch.Source source, String name, String type, String value, String version) {
        if (type == null || "Exact".equals(type)) {
            return new RouteMatch(source, name, RouteMatch.Op.EXACT, value, version);
        }
        if (".*".equals(value)) {
            return new RouteMatch(source, name, RouteMatch.Op.PRESENT, null, version);
        }
        String literal = value.endsWith(".*") ? Regex.unquote(value.substring(0, value.length() - 2)) : null;
        return literal != null ? new RouteMatch(source, name, RouteMatch.Op.PREFIX, literal, version)
                : new RouteMatch(source, name, RouteMatch.Op.REGEX, value, version);
    }

    private static RouteMatch cookieMatch(String pattern, String version) {
        if (!pattern.startsWith(COOKIE_BEFORE) || !pattern.endsWith(COOKIE_AFTER)) {
            return new RouteMatch(RouteMatch.Source.HEADER, COOKIE, RouteMatch.Op.REGEX, pattern, version);
        }
        String pair = pattern.substring(COOKIE_BEFORE.length(), pattern.length() - COOKIE_AFTER.length());
        int eq = Regex.literalPrefixEnd(pair, '=');
        if (eq < 0) {
            return new RouteMatch(RouteMatch.Source.HEADER, COOKIE, RouteMatch.Op.REGEX, pattern, version);
        }
        String name = Regex.unquote(pair.substring(0, eq));
        String value = pair.substring(eq + 1);
        if (value.equals("[^;]*")) {
            return new RouteMatch(RouteMatch.Source.COOKIE, name, RouteMatch.Op.PRESENT, null, version);
        }
        if (value.endsWith("[^;]*") && Regex.unquote(value.substring(0, value.length() - 5)) != null) {
            return new RouteMatch(RouteMatch.Source.COOKIE, name, RouteMatch.Op.PREFIX,
                    Regex.unquote(value.substring(0, value.length() - 5)), version);
        }
        if (Regex.unquote(value) != null) {
            return new RouteMatch(RouteMatch.Source.COOKIE, name, RouteMatch.Op.EXACT, Regex.unquote(value), version);
        }
        String regex = value.startsWith("(") && value.endsWith(")") ? value.substring(1, value.length() - 1) : value;
        return new RouteMatch(RouteMatch.Source.COOKIE, name, RouteMatch.Op.REGEX, regex, version);
    }

    private static HTTPRouteFilter mirrorFilter(String app, AppRoute.Mirror m) {
        HTTPRequestMirrorFilter f = new HTTPRequestMirrorFilter();
        f.setBackendRef(new io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendObjectReferenceBuilder().withKind("Service")
                .withName(KubeNames.revisionName(app, m.revision())).withPort(KubeNames.SERVICE_PORT).build());
        double perMille = m.percent() * 10;
        if (m.percent() == Math.rint(m.percent())) {
            f.setPercent((int) m.percent());
        } else if (perMille == Math.rint(perMille)) {
            f.setFraction(new io.fabric8.kubernetes.api.model.gatewayapi.v1.Fraction(1000, (int) perMille));
        } else {
            f.setFraction(new io.fabric8.kubernetes.api.model.gatewayapi.v1.Fraction(1_000_000, (int) Math.round(m.percent() * 10_000)));
        }
        return new HTTPRouteFilterBuilder().withType("RequestMirror").withRequestMirror(f).build();
    }

    private static AppRoute.Mirror mirrorOf(String app, HTTPRequestMirrorFilter f, Map<Integer, String> names, boolean compare) {
        int rev = revisionOf(app, f.getBackendRef().getName());
        double percent = f.getPercent() != null ? f.getPercent()
                : f.getFraction() != null ? 100.0 * f.getFraction().getNumerator()
                        / (f.getFraction().getDenominator() == null ? 100 : f.getFraction().getDenominator())
                : 100;
        return new AppRoute.Mirror(names.getOrDefault(rev, "r" + rev), rev, percent, compare);
    }

    private static SessionPersistence session(String app, AppRoute.Sticky sticky) {
        return switch (sticky.source()) {
            case COOKIE -> new SessionPersistenceBuilder().withType("Cookie")
                    .withSessionName(sticky.name() == null ? "legends-" + app : sticky.name()).build();
            case HEADER -> new SessionPersistenceBuilder().withType("Header").withSessionName(sticky.name()).build();
        };
    }

    private static AppRoute.Sticky stickyOf(String app, SessionPersistence s) {
        if ("Header".equals(s.getType())) {
            return new AppRoute.Sticky(AppRoute.Sticky.Source.HEADER, s.getSessionName());
        }
        String name = s.getSessionName();
        return new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, name == null || name.equals("legends-" + app) ? null : name);
    }

    private static boolean unconditional(HTTPRouteRule rule) {
        return rule.getMatches() == null || rule.getMatches().stream()
                .allMatch(m -> (m.getHeaders() == null || m.getHeaders().isEmpty()) && (m.getQueryParams() == null || m.getQueryParams().isEmpty()));
    }

    private static String pathOf(HTTPRouteRule rule) {
        return rule.getMatches() == null || rule.getMatches().isEmpty() || rule.getMatches().getFirst().getPath() == null
                ? "/" : rule.getMatches().getFirst().getPath().getValue();
    }

    private static int revisionOf(String app, String service) {
        int rev = KubeNames.revisionOf(app, service);
        if (rev < 1) {
            throw LegendsException.invalid("HTTPRoute " + app + " sends to Service '" + service + "', which is not a revision of " + app);
        }
        return rev;
    }
}
