package dev.legends.runtime;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a created container to running: its monitor runs it with {@code runc run --detach}, and reports
 * its pid once it runs. A command that cannot start leaves the container exited with docker's code
 * (127, 126) and no runc state, cgroup or monitor behind.
 */
final class Starter {
    private static final Logger LOG = LoggerFactory.getLogger(Starter.class);

    private final StateDir state;
    private final Runc runc;
    private final Monitors monitors;
    private final Janitor janitor;

    Starter(StateDir state, Runc runc, Monitors monitors, Janitor janitor) {
        this.state = state;
        this.runc = runc;
        this.monitors = monitors;
        this.janitor = janitor;
    }

    /** A container that runc has started: its record, and the host pid of its PID 1. */
    record Started(ContainerRecord record, long pid) {}

    /**
     * Starts {@code rec}; {@code status} is its current status, {@code options} what its monitor must know.
     * The pid comes from the monitor's report (or runc's state when resuming): a fresh start runs no
     * {@code runc state} at all.
     */
    Started start(ContainerRecord rec, ContainerStatus status, Monitors.Options options) {
        if (status instanceof ContainerStatus.Exited) {
            // a restart: the old run's runc state, cgroups and exit file must go first; the log stays
            release(rec);
            rec = new ContainerRecord(rec.id(), rec.name(), rec.rootfs(), rec.cgroupsPath(), rec.createdAt(), null, null, null);
            state.write(rec);
        } else if (monitors.launched(rec.id())) {
            // a daemon killed during an earlier start may have left runc's container created, or
            // started; with no trace of a launch there is nothing to look for (only a monitor makes
            // runc state under our root), which spares a fresh container a runc state
            Optional<Started> resumed = resume(rec);
            if (resumed.isPresent()) {
                return resumed.get();
            }
        }
        // the start time is taken before the launch: a command as short as `true` has exited,
        // and its exit file is written, before the monitor's report is read
        Instant launched = Instant.now();
        Monitors.Created created = monitors.launch(rec.id(), options);
        if (created instanceof Monitors.Created.Failed(String error)) {
            // runc's create step is where a missing or unrunnable command shows
            throw fail(rec, "runc create: " + error, RuncError.exitCode(error));
        }
        return started(rec, ((Monitors.Created.Pid) created).pid(), launched);
    }

    /**
     * Carries on with what an earlier start left: adopts a running container, starts a created one
     * whose monitor still lives (a monitor of an older version, which ran {@code runc create}).
     * Anything else (no runc state, or a monitor that died, which would lose the exit code) is
     * cleared for a fresh launch; then this returns empty.
     */
    private Optional<Started> resume(ContainerRecord rec) {
        // a launch still under way finishes first: until the monitor reports, runc run is between its steps
        monitors.awaitReport(rec.id());
        Optional<Runc.State> left = runc.state(rec.id());
        if (left.isPresent() && left.get().running()) {
            ContainerRecord adopted = rec.started(Instant.now());
            state.write(adopted);
            return Optional.of(new Started(adopted, left.get().pid()));
        }
        if (left.isPresent() && left.get().status().equals("created") && janitor.monitorPid(rec.id()).isPresent()) {
            try {
                runc.start(rec.id());
            } catch (LegendsException e) {
                throw fail(rec, e.getMessage(), RuncError.exitCode(e.getMessage()));
            }
            return Optional.of(started(rec, left.get().pid(), Instant.now()));
        }
        release(rec);
        return Optional.empty();
    }

    private Started started(ContainerRecord rec, long pid, Instant at) {
        ContainerRecord started = rec.started(at);
        state.write(started);
        return new Started(started, pid);
    }

    private LegendsException fail(ContainerRecord rec, String error, int exitCode) {
        release(rec);
        state.write(rec.failedToStart(exitCode, error));
        // a command that is not there or not runnable is the user's to fix; anything else is ours
        ErrorKind kind = exitCode == RuncError.OTHER ? ErrorKind.UNAVAILABLE : ErrorKind.INVALID_ARGUMENT;
        return new LegendsException(kind, error);
    }

    private void release(ContainerRecord rec) {
        List<String> problems = janitor.releaseHost(rec);
        if (!problems.isEmpty()) {
            LOG.warn("container {}: cleanup left {}", rec.id(), problems);
        }
    }
}
