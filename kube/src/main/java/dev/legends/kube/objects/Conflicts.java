package dev.legends.kube.objects;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * Read-modify-write against objects that controllers also write (a Deployment's status, an
 * HTTPRoute's status from the gateway): an edit whose resourceVersion went stale gets 409 and is
 * simply made again on the fresh object, a few times.
 */
public final class Conflicts {
    private static final int ATTEMPTS = 5;

    private Conflicts() {
    }

    public static <T> T retry(Supplier<T> write) {
        KubernetesClientException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return write.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                last = e;
                Thread.onSpinWait();
            }
        }
        throw last;
    }
}
