package dev.legends.runtime;

import java.nio.file.Path;
import java.time.Instant;

/** A container as the runtime sees it now. */
public record Container(String id, String name, Path rootfs, Instant createdAt, ContainerStatus status) {
    public boolean isRunning() {
        return status instanceof ContainerStatus.Running;
    }

    /** The host PID of the container's PID 1, or -1 when it is not running. */
    public long pid() {
        return status instanceof ContainerStatus.Running r ? r.pid() : -1;
    }
}
