package dev.legends.workload.port;

import java.util.List;

/**
 * Where an app's instances run. Calls declare desired state and return at once; the platform
 * converges in the background (the local engine's replica controller, a Kubernetes Deployment),
 * and callers watch {@link #instances} for progress, as Argo Rollouts watches ReplicaSets.
 */
public interface Platform {
    /** "local" or "kubernetes": shown in status and reports. */
    String name();

    /** Makes {@code replicas} ready instances of {@code revision} the goal; 0 keeps the revision known but runs none. */
    void scale(RevisionRef revision, int replicas);

    /** The desired replica count of a revision, or 0 when none was declared. */
    int desired(String app, int revision);

    /** Every instance of the app, of every revision, as observed now. */
    List<Instance> instances(String app);

    /** Stops and forgets every instance of one revision. */
    void remove(String app, int revision);
}
