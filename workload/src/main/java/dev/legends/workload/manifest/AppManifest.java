package dev.legends.workload.manifest;

import java.util.Map;

/**
 * A validated {@code kind: App} manifest. Only {@link #template} makes revisions; the rest is the
 * app's settings, changed in place.
 *
 * @param network  null: the engine's default network
 * @param route    null: the app is not on the gateway
 * @param strategy {@code spec.strategy} as a JSON tree, for the release layer
 */
public record AppManifest(String name, Map<String, String> annotations, PodTemplate template, int replicas,
                          Network network, Route route, Map<String, Object> strategy) {
    public static final String API_VERSION = "legends.dev/v1";
    public static final String KIND = "App";
    public static final String CHANGE_CAUSE = "legends.dev/change-cause";

    public AppManifest {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        strategy = strategy == null ? Map.of() : strategy;
    }

    /** The change cause a new revision of this manifest records. */
    public String changeCause() {
        String c = annotations.get(CHANGE_CAUSE);
        return c == null || c.isBlank() ? "apply" : c;
    }

    /** @param name null: the engine's default network */
    public record Network(String name, boolean stickyIPs) {}

    /**
     * @param host null: any host
     * @param port the container port the gateway sends traffic to
     */
    public record Route(String host, String path, int port) {}
}
