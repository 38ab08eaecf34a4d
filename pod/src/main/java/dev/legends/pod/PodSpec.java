package dev.legends.pod;

/**
 * A pod to create.
 *
 * @param name     null: a random docker-style name
 * @param hostname null: the pod's name (its members share the pause container's UTS namespace)
 * @param sharePid members also join the pause container's PID namespace (catatonit is their PID 1)
 */
public record PodSpec(String name, String hostname, boolean sharePid) {
    public static PodSpec named(String name) {
        return new PodSpec(name, null, false);
    }
}
