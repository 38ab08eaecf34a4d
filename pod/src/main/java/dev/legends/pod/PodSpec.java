package dev.legends.pod;

import java.util.List;

/**
 * A pod to create.
 *
 * @param name     null: a random docker-style name
 * @param hostname null: the pod's name (its members share the pause container's UTS namespace)
 * @param sharePid members also join the pause container's PID namespace (catatonit is their PID 1)
 * @param network  {@link NetworkMode#DEFAULT}: the pod joins {@code networks} (empty: the default network)
 * @param ip       a fixed address on the first network
 * @param publish  {@code -p} mappings to the pod's namespace
 * @param identity sticky identity: the pod gets the address this identity had before
 */
public record PodSpec(String name, String hostname, boolean sharePid, NetworkMode network, List<String> networks, String ip,
                      List<String> publish, String identity) {
    public PodSpec {
        network = network == null ? NetworkMode.DEFAULT : network;
        networks = networks == null ? List.of() : List.copyOf(networks);
        publish = publish == null ? List.of() : List.copyOf(publish);
    }

    public PodSpec(String name, String hostname, boolean sharePid) {
        this(name, hostname, sharePid, NetworkMode.DEFAULT, List.of(), null, List.of(), null);
    }

    public static PodSpec named(String name) {
        return new PodSpec(name, null, false);
    }
}
