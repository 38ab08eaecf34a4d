package dev.legends.pod;

import java.time.Duration;
import java.util.List;

/**
 * Pods of the local engine: a pause container (catatonit -P) holds the network, IPC and UTS
 * namespaces, and the pod's containers ({@code run --pod}) join them, so that they share
 * localhost and a hostname. A pod is named by its id, a unique prefix of it, or its name.
 */
public interface Pods {
    /** Creates the pod and starts its pause container. */
    PodInfo create(PodSpec spec);

    List<PodInfo> list();

    PodDetails inspect(String ref);

    /** Starts the pause container, then every member. */
    PodInfo start(String ref);

    /** Stops every member, then the pause container; {@code grace} as for a container's stop. */
    PodInfo stop(String ref, Duration grace);

    /** Removes the members, the pause container and the pod; running ones need {@code force}. */
    void remove(String ref, boolean force);
}
