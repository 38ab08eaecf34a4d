package dev.legends.workload.port;

import java.util.Map;
import java.util.Objects;

/**
 * One immutable revision of an app, as a platform needs it: which app and number, and the pod
 * template (the manifest's pod fields, as the workload layer's JSON tree) it was made from.
 */
public record RevisionRef(String app, int revision, Map<String, Object> template) {
    public RevisionRef {
        Objects.requireNonNull(app, "app");
        if (revision < 1) {
            throw new IllegalArgumentException("revision numbers start at 1: " + revision);
        }
        template = template == null ? Map.of() : Map.copyOf(template);
    }
}
