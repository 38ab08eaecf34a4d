package dev.legends.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Containers on this host, run by runc, each under its own monitor so that it outlives the daemon.
 * All state lives under one directory: a new instance on the same directory (after the daemon was
 * killed and restarted) finds every container again. Operations take a container's id or name.
 * Failures are {@link dev.legends.core.LegendsException}s with one line of context.
 */
public interface ContainerRuntime extends AutoCloseable {

    static ContainerRuntime open(RuntimeConfig config) {
        return LocalRuntime.open(config);
    }

    static ContainerRuntime open(Path stateDir) {
        return open(RuntimeConfig.defaults(stateDir));
    }

    /**
     * Whether this build carries legends-monitor, the static monitor of containers without a
     * terminal or stdin (built with cc); without it conmon monitors every container.
     */
    static boolean carriesOwnMonitor() {
        return MonitorBinary.carried();
    }

    /** Checks the spec and writes the bundle; nothing runs yet, and nothing is left if it fails. */
    Container create(ContainerSpec spec);

    /**
     * Starts a created container. If the command cannot be found or executed, the container is
     * left exited with 127 or 126 (as docker does) and this throws with runc's reason.
     */
    Container start(String id);

    /** Create and start; if the start fails, the created container is kept with its exit code. */
    default Container run(ContainerSpec spec) {
        create(spec);
        return start(spec.id());
    }

    Container state(String id);

    /** Every container under the state directory, oldest first. */
    List<Container> list();

    /**
     * Sends {@code signal} (docker's default is SIGTERM) and waits up to {@code grace} for the
     * container to exit, then sends SIGKILL. Stopping an exited container changes nothing.
     */
    Container stop(String id, String signal, Duration grace);

    /** Sends a signal (a name such as TERM or SIGKILL, or a number) to the container's PID 1. */
    void kill(String id, String signal);

    /** Waits until the container has exited; empty when {@code timeout} passed first. */
    Optional<ContainerStatus.Exited> wait(String id, Duration timeout);

    /**
     * conmon's attach socket of a running container (AF_UNIX, SOCK_SEQPACKET): each message it
     * sends is a stream byte (1 stdout, 2 stderr) and data; what is sent to it goes to the
     * container's stdin when it was created with {@code stdin}. Only output from then on arrives.
     */
    Path attachSocket(String id);

    /** Sets the size of a running container's terminal. */
    void resize(String id, int rows, int cols);

    /** Runs a command in a running container and collects its output. */
    ExecResult exec(String id, ExecSpec exec);

    /**
     * Prepares {@code exec} in a running container under a monitor of its own, with a terminal
     * when {@code tty} and stdin open when {@code stdin}; it runs once the session is started.
     */
    ExecSession execAttached(String id, ExecSpec exec, boolean tty, boolean stdin);

    /** Every line the container has written so far, both streams, in order. */
    List<LogLine> logs(String id);

    /**
     * Delivers every line written so far and then new ones as they come, on another thread, until
     * the container has exited and its log is drained, or the returned handle is closed.
     */
    LogFollower followLogs(String id, Consumer<LogLine> sink);

    /** Host PID, namespaces next to the host's, cgroup paths and limits read back. */
    Inspection inspect(String id);

    /**
     * Removes the container and everything it had on the host: runc's state, its cgroups in every
     * hierarchy, its monitor, bundle, log and exit file. A running container needs {@code force}
     * (it is then killed).
     */
    void delete(String id, boolean force);

    /** Lets go of the runtime; containers keep running under their monitors. */
    @Override
    void close();

    /** A running {@link #followLogs} subscription. */
    interface LogFollower extends AutoCloseable {
        /** Waits until the follower has delivered the last line of an exited container. */
        boolean awaitEnd(Duration timeout) throws InterruptedException;

        @Override
        void close();
    }
}
