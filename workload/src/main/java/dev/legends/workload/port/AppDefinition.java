package dev.legends.workload.port;

import java.util.Map;

/**
 * An app as applied, with what the release layer needs: the replica count, which revision is
 * stable and which is newest, where the gateway routes it, and the manifest's {@code spec.strategy}
 * as a JSON tree (its field names follow Argo Rollouts; the release layer parses it).
 *
 * @param host null routes every host
 * @param port the container port the route sends traffic to
 */
public record AppDefinition(String name, int replicas, int stableRevision, int latestRevision, String host,
                            String pathPrefix, int port, Map<String, Object> strategy) {
    public AppDefinition {
        strategy = strategy == null ? Map.of() : Map.copyOf(strategy);
    }
}
