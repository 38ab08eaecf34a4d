package dev.legends.pod;

import java.time.Instant;

/**
 * A container as the engine records it in SQLite: what was asked, what it was merged into, and
 * what the supervisor needs across daemon restarts. Its live state is the runtime's, never kept here.
 *
 * @param chainId        the image's top layer, parent of the container's writable snapshot; null
 *                       for a pause container, whose root is the shared pause directory
 * @param joinedPid      the pause container PID whose namespaces the container joined, or 0
 * @param stoppedByUser  stop, kill or pod stop: the restart policy must not bring it back
 * @param handledExit    the last exit the supervisor recorded, so that each is seen once
 */
record StoredContainer(
        String id,
        String name,
        Role role,
        String podId,
        String imageRef,
        String imageId,
        String chainId,
        MergedConfig config,
        RunSpec options,
        int restartCount,
        boolean stoppedByUser,
        String handledExit,
        long joinedPid,
        Instant created) {

    enum Role { APP, PAUSE }

    RestartPolicy restart() {
        return options.restart();
    }

    boolean isPause() {
        return role == Role.PAUSE;
    }
}
