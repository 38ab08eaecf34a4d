package dev.legends.workload;

import dev.legends.pod.NetworkMode;
import dev.legends.pod.PodSpec;
import dev.legends.workload.manifest.AppManifest;
import java.util.List;

/**
 * The pod an instance runs in: on the app's network ({@code spec.network.name}) and, with
 * {@code stickyIPs}, with the slot's name as its sticky identity, so that {@code web-r3-0}
 * replaced gets the address {@code web-r3-0} had.
 */
final class PodSpecs {
    private PodSpecs() {}

    static PodSpec of(String podName, AppManifest.Network network) {
        if (network == null) {
            return PodSpec.named(podName);
        }
        List<String> networks = network.name() == null ? List.of() : List.of(network.name());
        return new PodSpec(podName, null, false, NetworkMode.DEFAULT, networks, null, List.of(),
                network.stickyIPs() ? podName : null);
    }
}
