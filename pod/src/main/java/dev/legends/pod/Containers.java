package dev.legends.pod;

import dev.legends.runtime.ContainerStatus;
import dev.legends.runtime.ExecResult;
import dev.legends.runtime.ExecSession;
import dev.legends.runtime.LogLine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Containers of the local engine, as docker's CLI knows them. A container is named by its id, a
 * unique prefix of it, or its name. Failures are {@link dev.legends.core.LegendsException}s with
 * one line; a failed {@link #run} leaves nothing behind.
 */
public interface Containers {
    /** Docker's grace period for stop. */
    Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    /**
     * Resolves and unpacks the image, prepares and mounts the container's writable layer, merges
     * the image config with {@code spec}, then creates and starts the container. {@code progress}
     * hears of slow steps (unpacking).
     */
    RunResult run(RunSpec spec, Consumer<String> progress);

    /** Running containers, or all with {@code all}; newest first, as docker lists them. */
    List<ContainerInfo> list(boolean all);

    ContainerInfo get(String ref);

    ContainerDetails inspect(String ref);

    /** Starts a created or exited container again (rejoining its pod); running ones stay as they are. */
    ContainerInfo start(String ref);

    /**
     * Sends the image's stop signal (or SIGTERM), waits {@code grace} (null: 10 s), then SIGKILL.
     * A container stopped so is not restarted by its restart policy.
     */
    ContainerInfo stop(String ref, Duration grace);

    /**
     * Stops the container as {@link #stop} does, then starts it again, as {@code docker restart}: its
     * restart policy applies again afterwards. A container that is not running just starts.
     */
    default ContainerInfo restart(String ref, Duration grace) {
        stop(ref, grace);
        return start(ref);
    }

    /** Sends a signal (KILL when null); killing with KILL or the stop signal also prevents a restart. */
    void kill(String ref, String signal);

    /** Removes the container and all it had on the host; a running one needs {@code force}. */
    void remove(String ref, boolean force);

    /** Runs a command in the running container, without a terminal; {@code user} as for run. */
    ExecResult exec(String ref, List<String> args, List<String> env, String workdir, String user);

    /**
     * Prepares a command in the running container with a terminal ({@code tty}) and/or an open
     * stdin, under a monitor of its own; it runs once the caller has attached and started it.
     */
    ExecSession execSession(String ref, List<String> args, List<String> env, String workdir, String user, boolean tty, boolean stdin);

    List<LogLine> logs(String ref);

    /**
     * Delivers the log so far and then each new line until the container exits (or {@code gone}
     * says the reader left), and returns how it exited. An auto-removed container is removed
     * before this returns. Empty if the reader left first.
     */
    Optional<ContainerStatus.Exited> attach(String ref, Consumer<LogLine> sink, BooleanSupplier gone);

    /**
     * The attach socket of the running container (see {@link dev.legends.runtime.ContainerRuntime#attachSocket}):
     * its output from now on, and its stdin when it was run interactive.
     */
    Path attachSocket(String ref);

    /** Sets the size of the running container's terminal. */
    void resize(String ref, int rows, int cols);

    /** Waits for the container to exit; empty when {@code timeout} passed first. */
    Optional<ContainerStatus.Exited> wait(String ref, Duration timeout);

    /** The container's processes, found through its cgroup. */
    List<ProcessRow> top(String ref);
}
