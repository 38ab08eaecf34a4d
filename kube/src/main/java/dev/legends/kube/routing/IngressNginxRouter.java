package dev.legends.kube.routing;

import dev.legends.core.LegendsException;
import dev.legends.kube.objects.Conflicts;
import dev.legends.kube.objects.KubeErrors;
import dev.legends.kube.objects.KubeNames;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.RouteMatch;
import dev.legends.workload.port.TrafficRouter;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TrafficRouter port with ingress-nginx canary annotations, for clusters without Gateway API:
 * an Ingress {@code <app>} to the first backend and, when there is a second, a canary Ingress
 * {@code <app>-canary} with its weight ({@code canary-weight} out of {@code canary-weight-total}
 * 1000), at most one header match and one cookie match. What ingress-nginx cannot express is
 * refused whole, with one error naming it, before anything is written: a third version, query
 * matches, a header that only has to be present, a cookie value other than "always", a mirror of
 * less than every request, stickiness by header.
 */
public final class IngressNginxRouter implements TrafficRouter {
    static final String PREFIX = "nginx.ingress.kubernetes.io/";
    private final KubernetesClient client;
    private final String namespace;
    private final String ingressClass;

    public IngressNginxRouter(KubernetesClient client, String namespace, String ingressClass) {
        this.client = client;
        this.namespace = namespace;
        this.ingressClass = ingressClass;
    }

    @Override
    public void apply(AppRoute route) {
        List<Ingress> wanted = ingresses(route, namespace, ingressClass);
        String app = route.app();
        try {
            var ingresses = client.network().v1().ingresses().inNamespace(namespace);
            for (Ingress i : wanted) {
                if (ingresses.withName(i.getMetadata().getName()).get() == null) {
                    ingresses.resource(i).create();
                } else {
                    Conflicts.retry(() -> ingresses.withName(i.getMetadata().getName()).edit(old -> {
                        old.getMetadata().setAnnotations(i.getMetadata().getAnnotations());
                        old.setSpec(i.getSpec());
                        return old;
                    }));
                }
            }
            if (wanted.size() == 1) {
                ingresses.withName(canaryName(app)).delete();
            }
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate("apply Ingress " + app, e);
        }
    }

    @Override
    public Optional<AppRoute> current(String app) {
        KubeNames.checkApp(app);
        try {
            var ingresses = client.network().v1().ingresses().inNamespace(namespace);
            Ingress main = ingresses.withName(app).get();
            if (main == null) {
                return Optional.empty();
            }
            return Optional.of(read(app, main, ingresses.withName(canaryName(app)).get()));
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate("read Ingress " + app, e);
        }
    }

    @Override
    public void remove(String app) {
        KubeNames.checkApp(app);
        try {
            var ingresses = client.network().v1().ingresses().inNamespace(namespace);
            ingresses.withName(canaryName(app)).delete();
            ingresses.withName(app).delete();
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate("delete Ingress " + app, e);
        }
    }

    /** The Ingress objects of a route: the main one, then the canary if there is a second version. */
    static List<Ingress> ingresses(AppRoute route, String namespace, String ingressClass) {
        String app = KubeNames.appName(route.app());
        String cannot = app + ": ingress-nginx cannot ";
        if (route.backends().size() > 2) {
            throw LegendsException.invalid(cannot + "split traffic between " + route.backends().size()
                    + " versions (one canary Ingress per host and path): use the Gateway API router");
        }
        AppRoute.Backend primary = route.backends().getFirst();
        AppRoute.Backend canary = route.backends().size() == 2 ? route.backends().get(1) : null;
        Map<String, String> main = new LinkedHashMap<>();
        Map<String, Integer> versions = new LinkedHashMap<>();
        route.backends().forEach(b -> versions.put(b.version(), b.revision()));
        if (route.mirror() != null) {
            if (route.mirror().percent() != 100) {
                throw LegendsException.invalid(cannot + "mirror " + route.mirror().percent() + "% of requests (mirror-target copies every request)");
            }
            versions.putIfAbsent(route.mirror().version(), route.mirror().revision());
            main.put(PREFIX + "mirror-target", mirrorTarget(app, route.mirror().revision(), namespace));
        }
        if (route.sticky() != null) {
            if (route.sticky().source() != AppRoute.Sticky.Source.COOKIE) {
                throw LegendsException.invalid(cannot + "keep users on a version by header " + route.sticky().name()
                        + " (its affinity is a cookie it issues)");
            }
            main.put(PREFIX + "affinity", "cookie");
            main.put(PREFIX + "session-cookie-name", route.sticky().name() == null ? "legends-" + app : route.sticky().name());
            main.put(PREFIX + "affinity-canary-behavior", "sticky");
        }
        main.put(HttpRoutes.VERSIONS, HttpRoutes.formatVersions(versions));
        Map<String, String> canaryAnnotations = new LinkedHashMap<>();
        for (RouteMatch m : route.matches()) {
            if (canary == null || !m.version().equals(canary.version())) {
                throw LegendsException.invalid(cannot + "send " + m.source() + " " + m.name() + " matches to '" + m.version()
                        + "': matches can only choose the canary (the second backend)");
            }
            switch (m.source()) {
                case QUERY -> throw LegendsException.invalid(cannot + "route by query parameter " + m.name());
                case HEADER -> header(cannot, m, canaryAnnotations);
                case COOKIE -> {
                    if (m.op() != RouteMatch.Op.EXACT || !"always".equals(m.value())) {
                        throw LegendsException.invalid(cannot + "route by cookie " + m.name()
                                + " unless its value is exactly \"always\" (canary-by-cookie)");
                    }
                    if (canaryAnnotations.putIfAbsent(PREFIX + "canary-by-cookie", m.name()) != null) {
                        throw LegendsException.invalid(cannot + "route by two cookies");
                    }
                }
            }
        }
        List<Ingress> out = new ArrayList<>();
        out.add(ingress(app, app, primary.revision(), route, namespace, ingressClass, main));
        if (canary != null) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put(PREFIX + "canary", "true");
            a.put(PREFIX + "canary-weight", Integer.toString(canary.weight()));
            a.put(PREFIX + "canary-weight-total", Integer.toString(AppRoute.TOTAL_WEIGHT));
            a.putAll(canaryAnnotations);
            out.add(ingress(app, canaryName(app), canary.revision(), route, namespace, ingressClass, a));
        }
        return out;
    }

    private static void header(String cannot, RouteMatch m, Map<String, String> annotations) {
        if (annotations.putIfAbsent(PREFIX + "canary-by-header", m.name()) != null) {
            throw LegendsException.invalid(cannot + "route by two headers");
        }
        switch (m.op()) {
            case EXACT -> annotations.put(PREFIX + "canary-by-header-value", m.value());
            case REGEX -> annotations.put(PREFIX + "canary-by-header-pattern", "^(" + m.value() + ")$");
            case PREFIX -> annotations.put(PREFIX + "canary-by-header-pattern", "^" + Regex.quote(m.value()));
            case PRESENT -> throw LegendsException.invalid(cannot + "route by the mere presence of header " + m.name()
                    + " (canary-by-header alone wants the value \"always\")");
        }
    }

    private static Ingress ingress(String app, String name, int revision, AppRoute route, String namespace, String ingressClass,
                                   Map<String, String> annotations) {
        return new IngressBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withAnnotations(annotations)
                .withLabels(Map.of(KubeNames.APP_LABEL, app, KubeNames.MANAGED_BY_LABEL, KubeNames.MANAGED_BY)).endMetadata()
                .withNewSpec().withIngressClassName(ingressClass)
                .addNewRule().withHost(route.host()).withNewHttp()
                .addNewPath().withPath(route.pathPrefix()).withPathType("Prefix")
                .withNewBackend().withNewService().withName(KubeNames.revisionName(app, revision))
                .withNewPort().withNumber(KubeNames.SERVICE_PORT).endPort().endService().endBackend()
                .endPath().endHttp().endRule()
                .endSpec()
                .build();
    }

    private static AppRoute read(String app, Ingress main, Ingress canary) {
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<String, String> a = main.getMetadata().getAnnotations() == null ? Map.of() : main.getMetadata().getAnnotations();
        HttpRoutes.parseVersions(a.get(HttpRoutes.VERSIONS)).forEach((v, r) -> names.putIfAbsent(r, v));
        var rule = main.getSpec().getRules().getFirst();
        var path = rule.getHttp().getPaths().getFirst();
        int primaryRev = KubeNames.revisionOf(app, path.getBackend().getService().getName());
        List<AppRoute.Backend> backends = new ArrayList<>();
        List<RouteMatch> matches = new ArrayList<>();
        if (canary == null) {
            backends.add(new AppRoute.Backend(names.getOrDefault(primaryRev, "r" + primaryRev), primaryRev, AppRoute.TOTAL_WEIGHT));
        } else {
            Map<String, String> c = canary.getMetadata().getAnnotations();
            int canaryRev = KubeNames.revisionOf(app,
                    canary.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName());
            int total = Integer.parseInt(c.getOrDefault(PREFIX + "canary-weight-total", "100"));
            int weight = (int) Math.round(Integer.parseInt(c.getOrDefault(PREFIX + "canary-weight", "0")) * (double) AppRoute.TOTAL_WEIGHT / total);
            String canaryVersion = names.getOrDefault(canaryRev, "r" + canaryRev);
            backends.add(new AppRoute.Backend(names.getOrDefault(primaryRev, "r" + primaryRev), primaryRev, AppRoute.TOTAL_WEIGHT - weight));
            backends.add(new AppRoute.Backend(canaryVersion, canaryRev, weight));
            String header = c.get(PREFIX + "canary-by-header");
            if (header != null) {
                String value = c.get(PREFIX + "canary-by-header-value");
                String pattern = c.get(PREFIX + "canary-by-header-pattern");
                matches.add(value != null ? new RouteMatch(RouteMatch.Source.HEADER, header, RouteMatch.Op.EXACT, value, canaryVersion)
                        : pattern != null ? headerPattern(header, pattern, canaryVersion)
                        : new RouteMatch(RouteMatch.Source.HEADER, header, RouteMatch.Op.EXACT, "always", canaryVersion));
            }
            if (c.get(PREFIX + "canary-by-cookie") != null) {
                matches.add(RouteMatch.cookie(c.get(PREFIX + "canary-by-cookie"), "always", canaryVersion));
            }
        }
        AppRoute.Mirror mirror = null;
        String target = a.get(PREFIX + "mirror-target");
        if (target != null) {
            int rev = KubeNames.revisionOf(app, target.replaceFirst("^https?://", "").split("[.:/$]", 2)[0]);
            mirror = new AppRoute.Mirror(names.getOrDefault(rev, "r" + rev), rev, 100, false);
        }
        AppRoute.Sticky sticky = null;
        if ("cookie".equals(a.get(PREFIX + "affinity"))) {
            String cookie = a.get(PREFIX + "session-cookie-name");
            sticky = new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, cookie == null || cookie.equals("legends-" + app) ? null : cookie);
        }
        return new AppRoute(app, rule.getHost(), path.getPath(), backends, matches, mirror, sticky);
    }

    private static RouteMatch headerPattern(String header, String pattern, String version) {
        if (pattern.startsWith("^(") && pattern.endsWith(")$")) {
            return new RouteMatch(RouteMatch.Source.HEADER, header, RouteMatch.Op.REGEX, pattern.substring(2, pattern.length() - 2), version);
        }
        String literal = pattern.startsWith("^") ? Regex.unquote(pattern.substring(1)) : null;
        return literal != null ? new RouteMatch(RouteMatch.Source.HEADER, header, RouteMatch.Op.PREFIX, literal, version)
                : new RouteMatch(RouteMatch.Source.HEADER, header, RouteMatch.Op.REGEX, ".*(" + pattern + ").*", version);
    }

    private static String mirrorTarget(String app, int revision, String namespace) {
        return "http://" + KubeNames.revisionName(app, revision) + "." + namespace + ".svc.cluster.local:" + KubeNames.SERVICE_PORT
                + "$request_uri";
    }

    private static String canaryName(String app) {
        return app + "-canary";
    }
}
