package dev.legends.gateway;

import java.util.List;

/**
 * A route's metrics at {@code atMillis} (epoch milliseconds). {@code total} counters are cumulative
 * since {@code sinceMillis} (the gateway's start): a caller that wants "since T" keeps an earlier reading and subtracts.
 * {@code window} counters and the latency percentiles cover the last {@code windowSeconds}
 * (in whole 10-second slots, at most ten minutes). The mirror's copies are counted under the version
 * "mirror:NAME", apart from any live traffic of version NAME.
 */
public record RouteMetrics(String route, long atMillis, long sinceMillis, long windowSeconds, List<VersionMetrics> versions,
                           MirrorMetrics mirror) {

    public VersionMetrics version(String name) {
        return versions.stream().filter(v -> v.version().equals(name)).findFirst().orElse(null);
    }

    public record VersionMetrics(String version, Counts total, Counts window, Latency latency) {}

    /**
     * Requests and their outcome. {@code errors} are the 5xx answers clients got, the gateway's own
     * 502/503/504 included (a request that failed to connect and was not retried elsewhere ends as
     * a 502). {@code connectFailures} counts failed connection attempts, retried ones too, so it
     * may exceed the errors: it says how often endpoints could not be reached.
     */
    public record Counts(long requests, long informational, long success, long redirect, long clientError,
                         long serverError, long connectFailures, long errors) {
        public Counts minus(Counts earlier) {
            return new Counts(requests - earlier.requests, informational - earlier.informational, success - earlier.success,
                    redirect - earlier.redirect, clientError - earlier.clientError, serverError - earlier.serverError,
                    connectFailures - earlier.connectFailures, errors - earlier.errors);
        }
    }

    /** Milliseconds, from the request's head to its response's last byte. */
    public record Latency(long count, double mean, double p50, double p90, double p95, double p99, double p999, double max) {}

    /**
     * What the mirror did: copies {@code sent}, {@code skipped} (too many in flight or a body over
     * the buffer bound), {@code completed} and {@code failed}; with comparison, how many pairs were
     * {@code compared}, {@code matched}, {@code differed} (a real difference) or were {@code noisy}
     * (differed only in fields that also differ between two primaries), and recent samples.
     */
    public record MirrorMetrics(String version, long sent, long skipped, long completed, long failed, long compared,
                                long matched, long differed, long noisy, List<Difference> samples) {}

    public record Difference(long atMillis, String method, String path, String field, String primary, String shadow) {}
}
