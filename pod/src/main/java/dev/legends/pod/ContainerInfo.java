package dev.legends.pod;

import java.time.Instant;
import java.util.List;

/**
 * One container as {@code legends ps} lists it: the engine's record joined with the runtime's
 * status.
 *
 * @param pid      host PID of its PID 1 while running, else -1
 * @param exitCode of its last run; null while it has not exited
 * @param error    why its last start failed, or why its exit code is unknown
 * @param pause    the pause container of pod {@code podId}
 * @param addresses its IPs (its pod's for a member), one per network
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        String imageId,
        List<String> command,
        Instant created,
        ContainerState state,
        long pid,
        Integer exitCode,
        Instant startedAt,
        Instant finishedAt,
        boolean oomKilled,
        String error,
        RestartPolicy restartPolicy,
        int restartCount,
        String podId,
        String podName,
        boolean pause,
        List<String> addresses) {

    public ContainerInfo {
        command = List.copyOf(command);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    public boolean running() {
        return state == ContainerState.RUNNING;
    }
}
