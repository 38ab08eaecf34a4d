package dev.legends.workload;

import dev.legends.pod.PodSpec;
import dev.legends.workload.manifest.AppManifest;
import java.lang.reflect.Constructor;
import java.util.List;

/**
 * The pod an instance runs in: on the app's network ({@code spec.network.name}) and, with
 * {@code stickyIPs}, with the slot's name as its sticky identity, so that {@code web-r3-0}
 * replaced gets the address {@code web-r3-0} had. The pod layer's network fields are being added
 * beside this code (PodSpec(name, hostname, sharePid, network, networks, ip, publish, identity)):
 * until they are there, a plain named pod is made; once they have landed, replace the lookup with
 * the plain constructor call.
 */
final class PodSpecs {
    private static final Constructor<?> NETWORKED = find();

    private PodSpecs() {}

    static PodSpec of(String podName, AppManifest.Network network) {
        if (NETWORKED == null || network == null) {
            return PodSpec.named(podName);
        }
        try {
            List<String> networks = network.name() == null ? List.of() : List.of(network.name());
            return (PodSpec) NETWORKED.newInstance(podName, null, false, null, networks, null, List.of(),
                    network.stickyIPs() ? podName : null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return PodSpec.named(podName);
        }
    }

    private static Constructor<?> find() {
        for (Constructor<?> c : PodSpec.class.getConstructors()) {
            Class<?>[] p = c.getParameterTypes();
            if (p.length == 8 && p[0] == String.class && p[4] == List.class && p[7] == String.class) {
                return c;
            }
        }
        return null;
    }
}
