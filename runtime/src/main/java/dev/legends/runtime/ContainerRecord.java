package dev.legends.runtime;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What the runtime itself remembers of a container, in container.json next to its bundle. The
 * rest comes from the bundle's config.json, runc's state and the monitor's files, so that this
 * small record is all that must survive a crash.
 *
 * @param startExitCode set when runc refused to start the command (127, 126...), with the reason
 */
record ContainerRecord(
        String id,
        String name,
        Path rootfs,
        String cgroupsPath,
        Instant createdAt,
        Instant startedAt,
        Integer startExitCode,
        String startError) {

    ContainerRecord started(Instant at) {
        return new ContainerRecord(id, name, rootfs, cgroupsPath, createdAt, at, null, null);
    }

    ContainerRecord failedToStart(int exitCode, String error) {
        return new ContainerRecord(id, name, rootfs, cgroupsPath, createdAt, null, exitCode, error);
    }
}
