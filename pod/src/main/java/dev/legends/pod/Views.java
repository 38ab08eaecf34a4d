package dev.legends.pod;

import dev.legends.runtime.Container;
import dev.legends.runtime.ContainerStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** Joins a container's record with the runtime's status into what ps and inspect show. */
final class Views {
    /** Docker's code for an exit nobody could learn. */
    static final int UNKNOWN_EXIT = 255;

    private final Function<String, String> podName;
    private final Predicate<String> restarting;
    private final Function<StoredContainer, List<String>> addresses;

    /** {@code podName} maps a pod id to its name; {@code restarting} says whether a restart is scheduled. */
    Views(Function<String, String> podName, Predicate<String> restarting, Function<StoredContainer, List<String>> addresses) {
        this.addresses = addresses;
        this.podName = podName;
        this.restarting = restarting;
    }

    /** {@code rt} null: the runtime does not know the container (its state went with a reboot). */
    ContainerInfo info(StoredContainer c, Container rt, boolean knownRestarting) {
        ContainerState state;
        long pid = -1;
        Integer exit = null;
        Instant started = null;
        Instant finished = null;
        boolean oom = false;
        String error = null;
        switch (rt == null ? null : rt.status()) {
            case null -> {
                state = ContainerState.EXITED;
                exit = UNKNOWN_EXIT;
                error = "the runtime has no state for it (was the host restarted?): start it again";
            }
            case ContainerStatus.Created cr -> state = ContainerState.CREATED;
            case ContainerStatus.Running r -> {
                state = ContainerState.RUNNING;
                pid = r.pid();
                started = r.startedAt();
            }
            case ContainerStatus.Exited x -> {
                state = knownRestarting || restarting.test(c.id()) ? ContainerState.RESTARTING : ContainerState.EXITED;
                exit = x.exitCode();
                started = x.startedAt();
                finished = x.finishedAt();
                oom = x.oomKilled();
                error = x.error();
            }
        }
        return new ContainerInfo(c.id(), c.name(), c.imageRef(), c.imageId(), c.config().args(), c.created(), state, pid,
                exit, started, finished, oom, error, c.restart(), c.restartCount(), c.podId(),
                c.podId() == null ? null : podName.apply(c.podId()), c.isPause(), addresses.apply(c));
    }
}
