package dev.legends.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A command run in a running container with its stdio held by a monitor of its own, as
 * {@code docker exec -it} does: a terminal when asked for, stdin open when asked for, reached
 * through an attach socket like the container's. The command waits for {@link #start} so that a
 * client that attached first misses none of its output (a shell's first prompt).
 */
public interface ExecSession extends AutoCloseable {
    /** The session's id, unique on this host. */
    String id();

    /** The monitor's attach socket (see {@link ContainerRuntime#attachSocket}); connect before {@link #start}. */
    Path attachSocket();

    /** Lets the command run. */
    void start();

    /** Sets the size of the session's terminal. */
    void resize(int rows, int cols);

    /**
     * Waits for the command to end: its exit code, or docker's 126/127 with runc's reason in
     * {@code stderr} when it could not be started. Empty when {@code timeout} passed first.
     */
    Optional<ExecResult> await(Duration timeout);

    /** Forgets the session's files once the command has ended; a running command keeps them. */
    @Override
    void close();
}
