package dev.legends.gateway;

import dev.legends.core.LegendsException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One app's entry: requests whose Host is one of {@code hosts} (empty: any host) and whose path
 * starts with {@code pathPrefix} go to one of its {@code versions}.
 *
 * <p>Which version, in this order (ingress-nginx's canary precedence, extended):
 * <ol>
 *   <li>{@code matches} of kind HEADER, in list order: the first that matches wins;</li>
 *   <li>then those of kind COOKIE, then those of kind QUERY, each in list order;</li>
 *   <li>then {@code sticky}: a user's hash (of a header or cookie) or their assignment cookie picks
 *       a version by weight, the same one on every request while the weights keep its slot;</li>
 *   <li>then the weights, at random.</li>
 * </ol>
 * {@code listeners} names the listeners that serve the route (empty: all of them).
 * Weights are per mille (0.1% resolution) and add up to 1000. A version of weight 0 gets only
 * what a match or the mirror sends it: that is how "preview" and "shadow" versions are made.
 */
public record Route(String name, List<String> hosts, String pathPrefix, List<Version> versions, List<Match> matches,
                    Sticky sticky, Mirror mirror, Policy policy, List<String> listeners) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

    public Route {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        pathPrefix = pathPrefix == null || pathPrefix.isEmpty() ? "/" : pathPrefix;
        versions = versions == null ? List.of() : List.copyOf(versions);
        matches = matches == null ? List.of() : List.copyOf(matches);
        policy = policy == null ? Policy.defaults() : policy;
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
    }

    /** A route served on every listener. */
    public Route(String name, List<String> hosts, String pathPrefix, List<Version> versions, List<Match> matches,
                 Sticky sticky, Mirror mirror, Policy policy) {
        this(name, hosts, pathPrefix, versions, matches, sticky, mirror, policy, List.of());
    }

    /** A route of one version taking all the traffic. */
    public static Route simple(String name, String host, String pathPrefix, String... endpoints) {
        return new Route(name, host == null ? List.of() : List.of(host), pathPrefix,
                List.of(new Version("stable", List.of(endpoints), 1000)), List.of(), null, null, null);
    }

    public Route withVersions(List<Version> next) {
        return new Route(name, hosts, pathPrefix, next, matches, sticky, mirror, policy, listeners);
    }

    public Route withMatches(List<Match> next) {
        return new Route(name, hosts, pathPrefix, versions, next, sticky, mirror, policy, listeners);
    }

    public Route withSticky(Sticky next) {
        return new Route(name, hosts, pathPrefix, versions, matches, next, mirror, policy, listeners);
    }

    public Route withMirror(Mirror next) {
        return new Route(name, hosts, pathPrefix, versions, matches, sticky, next, policy, listeners);
    }

    public Route withPolicy(Policy next) {
        return new Route(name, hosts, pathPrefix, versions, matches, sticky, mirror, next, listeners);
    }

    /** This route, served only on the named listeners (none: on all). */
    public Route onListeners(List<String> names) {
        return new Route(name, hosts, pathPrefix, versions, matches, sticky, mirror, policy, names);
    }

    public Version version(String versionName) {
        return versions.stream().filter(v -> v.name().equals(versionName)).findFirst().orElse(null);
    }

    /** A named set of endpoints ("10.200.0.5:8080") and its share of traffic, per mille. */
    public record Version(String name, List<String> endpoints, int weight) {
        public Version {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        }
    }

    public enum MatchKind { HEADER, COOKIE, QUERY }

    public enum MatchOp { EXACT, PREFIX, REGEX, PRESENT }

    /** Sends a request to {@code version} when its header, cookie or query parameter {@code name} matches. */
    public record Match(MatchKind kind, String name, MatchOp op, String value, String version) {
        public static Match header(String name, String value, String version) {
            return new Match(MatchKind.HEADER, name, MatchOp.EXACT, value, version);
        }

        public static Match cookie(String name, String value, String version) {
            return new Match(MatchKind.COOKIE, name, MatchOp.EXACT, value, version);
        }

        public static Match query(String name, String value, String version) {
            return new Match(MatchKind.QUERY, name, MatchOp.EXACT, value, version);
        }
    }

    public enum StickyKind {
        /** A consistent hash of a request header (a user id, a session header). */
        HEADER,
        /** A consistent hash of a cookie the app already sets. */
        COOKIE,
        /** The gateway sets cookie {@code name} to the version it chose and honours it afterwards. */
        SET_COOKIE
    }

    /** Keeps a user on one version. A request without the header or cookie is routed by weight alone. */
    public record Sticky(StickyKind kind, String name) {}

    /**
     * Copies {@code permille} of the requests to {@code version}, fire-and-forget. With
     * {@code compare}, the shadow's answer is compared with the primary's (status, the named
     * {@code compareHeaders}, a hash of the body) and, to learn what differs anyway, a second copy
     * goes to the primary's version: fields that differ between two primaries count as noise.
     */
    public record Mirror(String version, int permille, boolean compare, List<String> compareHeaders) {
        public Mirror {
            compareHeaders = compareHeaders == null ? List.of() : List.copyOf(compareHeaders);
        }
    }

    public enum Balancer { ROUND_ROBIN, LEAST_REQUESTS }

    /** Per-route upstream behaviour. Zero or negative values take the defaults. */
    public record Policy(long connectTimeoutMillis, long responseTimeoutMillis, int retries, Balancer balancer,
                         HealthCheck healthCheck) {
        public static Policy defaults() {
            return new Policy(2000, 30_000, 1, Balancer.ROUND_ROBIN, null);
        }
    }

    /** An active check: GET {@code path} every {@code intervalMillis}; 2xx/3xx is healthy. */
    public record HealthCheck(String path, long intervalMillis, int unhealthyThreshold, int healthyThreshold) {}

    void validate() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw LegendsException.invalid("route name " + name + ": use letters, digits, '.', '_' or '-' (at most 63)");
        }
        String at = "route " + name + ": ";
        if (!pathPrefix.startsWith("/")) {
            throw LegendsException.invalid(at + "path prefix must start with '/': " + pathPrefix);
        }
        if (versions.isEmpty()) {
            throw LegendsException.invalid(at + "needs at least one version");
        }
        Set<String> names = new HashSet<>();
        int total = 0;
        for (Version v : versions) {
            if (v.name() == null || !NAME.matcher(v.name()).matches() || !names.add(v.name())) {
                throw LegendsException.invalid(at + "missing, malformed or duplicate version name: " + v.name());
            }
            if (v.weight() < 0 || v.weight() > 1000) {
                throw LegendsException.invalid(at + "version " + v.name() + ": weight " + v.weight() + " is not in 0-1000 (per mille)");
            }
            for (String e : v.endpoints()) {
                if (e == null || !ENDPOINT.matcher(e).matches()) {
                    throw LegendsException.invalid(at + "version " + v.name() + ": endpoint " + e + " is not host:port");
                }
            }
            total += v.weight();
        }
        if (total != 1000) {
            throw LegendsException.invalid(at + "weights add up to " + total + " per mille, not 1000");
        }
        for (Match m : matches) {
            if (m.kind() == null || m.op() == null || m.name() == null || m.name().isBlank()) {
                throw LegendsException.invalid(at + "a match needs a kind, a name and an op");
            }
            if (!names.contains(m.version())) {
                throw LegendsException.invalid(at + "match on " + m.name() + " sends to unknown version " + m.version());
            }
            if (m.op() != MatchOp.PRESENT && m.value() == null) {
                throw LegendsException.invalid(at + "match on " + m.name() + ": " + m.op() + " needs a value");
            }
            if (m.op() == MatchOp.REGEX) {
                try {
                    Pattern.compile(m.value());
                } catch (PatternSyntaxException e) {
                    throw LegendsException.invalid(at + "match on " + m.name() + ": bad regex: " + e.getDescription());
                }
            }
        }
        if (sticky != null && (sticky.kind() == null || sticky.name() == null || sticky.name().isBlank())) {
            throw LegendsException.invalid(at + "sticky needs a kind and a header or cookie name");
        }
        if (mirror != null) {
            if (!names.contains(mirror.version())) {
                throw LegendsException.invalid(at + "mirror to unknown version " + mirror.version());
            }
            if (mirror.permille() < 0 || mirror.permille() > 1000) {
                throw LegendsException.invalid(at + "mirror share " + mirror.permille() + " is not in 0-1000 (per mille)");
            }
        }
        if (policy.healthCheck() != null && (policy.healthCheck().path() == null || !policy.healthCheck().path().startsWith("/"))) {
            throw LegendsException.invalid(at + "health check path must start with '/'");
        }
    }
}
