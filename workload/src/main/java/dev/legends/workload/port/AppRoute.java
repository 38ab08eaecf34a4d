package dev.legends.workload.port;

import java.util.List;
import java.util.Objects;

/**
 * An app's route: requests for {@code host} (null: any) under {@code pathPrefix} are sent to
 * one of {@code backends}. Precedence, as ingress-nginx: the first matching {@link RouteMatch}
 * (headers, then cookies, then query), then the sticky assignment if the user has one, then the
 * weights. A mirror copies a share of requests to a revision whose responses are discarded.
 *
 * @param backends weights are in per-mille (0.1% resolution) and sum to 1000
 */
public record AppRoute(String app, String host, String pathPrefix, List<Backend> backends, List<RouteMatch> matches,
                       Mirror mirror, Sticky sticky) {
    public static final int TOTAL_WEIGHT = 1000;

    public AppRoute {
        Objects.requireNonNull(app, "app");
        pathPrefix = pathPrefix == null || pathPrefix.isBlank() ? "/" : pathPrefix;
        backends = List.copyOf(backends);
        matches = matches == null ? List.of() : List.copyOf(matches);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException(app + ": a route needs at least one backend");
        }
        int sum = backends.stream().mapToInt(Backend::weight).sum();
        if (sum != TOTAL_WEIGHT) {
            throw new IllegalArgumentException(app + ": backend weights must sum to " + TOTAL_WEIGHT + " per-mille, not " + sum);
        }
    }

    /** All traffic to one revision. */
    public static AppRoute single(String app, String host, String pathPrefix, String version, int revision) {
        return new AppRoute(app, host, pathPrefix, List.of(new Backend(version, revision, TOTAL_WEIGHT)), List.of(), null, null);
    }

    /**
     * A named version of the app ("stable", "canary", "preview", "b"...) served by one revision.
     *
     * @param weight per-mille of the traffic that no match claimed
     */
    public record Backend(String version, int revision, int weight) {
        public Backend {
            Objects.requireNonNull(version, "version");
            if (weight < 0 || weight > TOTAL_WEIGHT) {
                throw new IllegalArgumentException("weight " + weight + " is outside 0.." + TOTAL_WEIGHT);
            }
        }
    }

    /** A copy of {@code percent} of requests to {@code revision}; responses discarded, optionally compared. */
    public record Mirror(String version, int revision, double percent, boolean compare) {
        public Mirror {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("mirror percent " + percent + " is outside 0..100");
            }
        }
    }

    /**
     * Keeps a user on one version: a consistent hash of a header or cookie (A/B testing by share of
     * users), or, when {@code name} is null, a cookie the router sets.
     */
    public record Sticky(Source source, String name) {
        public enum Source { HEADER, COOKIE }
    }
}
