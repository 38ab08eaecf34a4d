package dev.legends.workload;

import dev.legends.workload.port.Instance;
import java.time.Instant;

/**
 * An instance as the controller last saw it, with what describe and the autoscaler need besides
 * the port's {@link Instance}.
 *
 * @param containerId the app container, null before it was created
 * @param readySince  when it last became ready, null if it is not ready
 * @param message     why it is not running or not ready, null when it is fine
 */
public record Observed(Instance instance, String podId, String containerId, Instant readySince, String message) {}
