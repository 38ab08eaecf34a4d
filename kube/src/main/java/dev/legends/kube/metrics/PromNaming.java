package dev.legends.kube.metrics;

/**
 * Which series hold an app's requests, as the cluster's instrumentation names them. The defaults
 * fit Pods that export {@code http_requests_total{status}} and
 * {@code http_request_duration_seconds_bucket{le}}, scraped with their
 * {@code app.kubernetes.io/name} and {@code legends.dev/revision} labels relabelled to {@code app}
 * and {@code revision}.
 *
 * @param requestsCounter a counter of finished requests, with a status code label
 * @param durationBuckets the {@code _bucket} series of a latency histogram
 * @param bucketsInSeconds true when {@code le} is in seconds (Prometheus' convention), false for milliseconds
 * @param extraSelector more label matchers added to every query ({@code namespace="shop"}), or empty
 */
public record PromNaming(String requestsCounter, String durationBuckets, String appLabel, String revisionLabel,
                         String statusLabel, boolean bucketsInSeconds, String extraSelector) {
    public static PromNaming defaults() {
        return new PromNaming("http_requests_total", "http_request_duration_seconds_bucket", "app", "revision", "status", true, "");
    }

    String selector(String app, int revision) {
        String base = appLabel + "=\"" + escape(app) + "\"," + revisionLabel + "=\"" + revision + "\"";
        return extraSelector == null || extraSelector.isBlank() ? base : base + "," + extraSelector;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
