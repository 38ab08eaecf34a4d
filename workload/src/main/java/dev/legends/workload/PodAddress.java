package dev.legends.workload;

import dev.legends.pod.PodInfo;

/** A pod's IP address on its (first) network, where the gateway and probes reach an instance. */
final class PodAddress {
    private PodAddress() {}

    /** Null when the pod has no address (not started yet, or no network). */
    static String of(PodInfo pod) {
        if (pod == null || pod.addresses().isEmpty()) {
            return null;
        }
        String s = pod.addresses().getFirst();
        if (s == null || s.isBlank()) {
            return null;
        }
        int slash = s.indexOf('/'); // a CIDR form "10.88.0.5/16" is the address and its prefix
        return slash >= 0 ? s.substring(0, slash) : s;
    }
}
