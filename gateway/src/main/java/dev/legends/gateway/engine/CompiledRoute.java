package dev.legends.gateway.engine;

import dev.legends.gateway.Route;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/** A route ready to answer "which version, which endpoint" for a request, without allocation where it can. */
final class CompiledRoute {
    final Route route;
    final List<VersionTarget> versions;
    private final Map<String, VersionTarget> byName = new HashMap<>();
    private final List<Rule> headerRules = new ArrayList<>();
    private final List<Rule> cookieRules = new ArrayList<>();
    private final List<Rule> queryRules = new ArrayList<>();
    final VersionTarget mirror;

    /** A version's endpoints and its slot of the 1000 weight buckets: [from, to). */
    static final class VersionTarget {
        final String name;
        final List<Endpoint> endpoints;
        final int from;
        final int to;
        private final AtomicInteger next = new AtomicInteger();

        VersionTarget(String name, List<Endpoint> endpoints, int from, int to) {
            this.name = name;
            this.endpoints = endpoints;
            this.from = from;
            this.to = to;
        }
    }

    private record Rule(String name, Route.MatchOp op, String value, Pattern regex, VersionTarget target) {
        boolean test(String actual) {
            if (actual == null) {
                return false;
            }
            return switch (op) {
                case PRESENT -> true;
                case EXACT -> actual.equals(value);
                case PREFIX -> actual.startsWith(value);
                case REGEX -> regex.matcher(actual).matches();
            };
        }
    }

    /** The chosen version and, for SET_COOKIE stickiness, the cookie to set. */
    record Choice(VersionTarget version, String setCookie) {}

    CompiledRoute(Route route, Function<String, Endpoint> endpoints) {
        this.route = route;
        List<VersionTarget> vs = new ArrayList<>();
        int at = 0;
        for (Route.Version v : route.versions()) {
            VersionTarget t = new VersionTarget(v.name(), v.endpoints().stream().map(endpoints).toList(), at, at + v.weight());
            at += v.weight();
            vs.add(t);
            byName.put(v.name(), t);
        }
        this.versions = List.copyOf(vs);
        for (Route.Match m : route.matches()) {
            Rule r = new Rule(m.name(), m.op(), m.value(), m.op() == Route.MatchOp.REGEX ? Pattern.compile(m.value()) : null,
                    byName.get(m.version()));
            switch (m.kind()) {
                case HEADER -> headerRules.add(r);
                case COOKIE -> cookieRules.add(r);
                case QUERY -> queryRules.add(r);
            }
        }
        this.mirror = route.mirror() == null || route.mirror().permille() == 0 ? null : byName.get(route.mirror().version());
    }

    boolean matchesPath(String path) {
        String p = route.pathPrefix();
        if (!path.startsWith(p)) {
            return false;
        }
        if (p.endsWith("/") || path.length() == p.length()) {
            return true;
        }
        char c = path.charAt(p.length());
        return c == '/' || c == '?';
    }

    VersionTarget version(String name) {
        return byName.get(name);
    }

    /** Header rules, then cookie rules, then query rules, then stickiness, then weight. */
    Choice choose(HttpRequest request) {
        for (Rule r : headerRules) {
            if (r.test(request.headers().get(r.name()))) {
                return new Choice(r.target(), null);
            }
        }
        Map<String, String> cookies = null;
        if (!cookieRules.isEmpty() || route.sticky() != null && route.sticky().kind() != Route.StickyKind.HEADER) {
            cookies = cookies(request);
        }
        for (Rule r : cookieRules) {
            if (r.test(cookies.get(r.name()))) {
                return new Choice(r.target(), null);
            }
        }
        if (!queryRules.isEmpty() && request.uri().indexOf('?') >= 0) {
            Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
            for (Rule r : queryRules) {
                List<String> values = params.get(r.name());
                if (values != null && !values.isEmpty() && r.test(values.getFirst())) {
                    return new Choice(r.target(), null);
                }
            }
        }
        Route.Sticky sticky = route.sticky();
        if (sticky != null) {
            switch (sticky.kind()) {
                case HEADER, COOKIE -> {
                    String key = sticky.kind() == Route.StickyKind.HEADER ? request.headers().get(sticky.name()) : cookies.get(sticky.name());
                    if (key != null && !key.isEmpty()) {
                        return new Choice(byBucket(bucket(key)), null);
                    }
                }
                case SET_COOKIE -> {
                    VersionTarget kept = byName.get(cookies.getOrDefault(sticky.name(), ""));
                    if (kept != null && kept.to > kept.from) {
                        return new Choice(kept, null);
                    }
                    VersionTarget chosen = byBucket(ThreadLocalRandom.current().nextInt(1000));
                    return new Choice(chosen, sticky.name() + "=" + chosen.name + "; Path=/; HttpOnly");
                }
            }
        }
        return new Choice(byBucket(ThreadLocalRandom.current().nextInt(1000)), null);
    }

    private VersionTarget byBucket(int bucket) {
        for (VersionTarget v : versions) {
            if (bucket >= v.from && bucket < v.to) {
                return v;
            }
        }
        return versions.getFirst(); // unreachable for a validated route: the weights cover 0-999
    }

    /** A stable bucket in 0-999 for a user key: the same key lands in the same bucket on every gateway. */
    static int bucket(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, 1000);
    }

    private static Map<String, String> cookies(HttpRequest request) {
        Map<String, String> out = new HashMap<>();
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                out.putIfAbsent(c.name(), c.value());
            }
        }
        return out;
    }

    /** An available endpoint of {@code v} not in {@code tried}, by the route's balancer; null if none. */
    Endpoint pick(VersionTarget v, Set<Endpoint> tried) {
        List<Endpoint> eps = v.endpoints;
        int n = eps.size();
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(v.next.getAndIncrement(), n);
        boolean least = route.policy().balancer() == Route.Balancer.LEAST_REQUESTS;
        Endpoint best = null;
        for (int i = 0; i < n; i++) {
            Endpoint e = eps.get((start + i) % n);
            if (!e.available() || tried != null && tried.contains(e)) {
                continue;
            }
            if (!least) {
                return e;
            }
            if (best == null || e.inFlight.get() < best.inFlight.get()) {
                best = e;
            }
        }
        return best;
    }
}
