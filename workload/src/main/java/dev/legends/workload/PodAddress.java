package dev.legends.workload;

import dev.legends.pod.PodInfo;
import java.lang.reflect.Method;
import java.net.InetAddress;

/**
 * A pod's IP address on its network. The pod layer's CNI networking is being added beside this
 * code: until PodInfo has an address accessor this returns null, and instances have no endpoint.
 * Looking the accessor up by name keeps this layer compiling on both sides of that change; once it
 * has landed, replace the lookup with the plain call.
 */
final class PodAddress {
    private static final Method ACCESSOR = find();

    private PodAddress() {}

    static String of(PodInfo pod) {
        if (ACCESSOR == null || pod == null) {
            return null;
        }
        try {
            Object v = ACCESSOR.invoke(pod);
            if (v instanceof InetAddress a) {
                return a.getHostAddress();
            }
            if (v instanceof java.util.Collection<?> c) {
                v = c.isEmpty() ? null : c.iterator().next();
            }
            String s = v == null ? null : v.toString();
            if (s == null || s.isBlank()) {
                return null;
            }
            int slash = s.indexOf('/'); // "10.88.0.5/16"
            return slash >= 0 ? s.substring(0, slash) : s;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Method find() {
        for (String name : new String[] {"ip", "address", "ipAddress", "ips", "addresses"}) {
            try {
                return PodInfo.class.getMethod(name);
            } catch (NoSuchMethodException e) {
                // not this one
            }
        }
        return null;
    }
}
