package dev.legends.runtime;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a created container to running: conmon runs {@code runc create}, we run {@code runc start}.
 * A command that cannot start leaves the container exited with docker's code (127, 126) and no
 * runc state, cgroup or monitor behind.
 */
final class Starter {
    private static final Logger LOG = LoggerFactory.getLogger(Starter.class);

    private final StateDir state;
    private final Runc runc;
    private final Conmon conmon;
    private final Janitor janitor;

    Starter(StateDir state, Runc runc, Conmon conmon, Janitor janitor) {
        this.state = state;
        this.runc = runc;
        this.conmon = conmon;
        this.janitor = janitor;
    }

    /** Starts {@code rec}; {@code status} is its current status, {@code terminal} from its config. */
    ContainerRecord start(ContainerRecord rec, ContainerStatus status, boolean terminal) {
        Optional<Runc.State> left = Optional.empty();
        if (status instanceof ContainerStatus.Exited) {
            // a restart: the old run's runc state, cgroups and exit file must go first; the log stays
            release(rec);
            rec = new ContainerRecord(rec.id(), rec.name(), rec.rootfs(), rec.cgroupsPath(), rec.createdAt(), null, null, null);
            state.write(rec);
        } else {
            // a daemon killed during an earlier start may have left runc's container created, or started
            left = runc.state(rec.id());
        }
        if (left.isPresent() && left.get().running()) {
            ContainerRecord adopted = rec.started(Instant.now());
            state.write(adopted);
            return adopted;
        }
        if (left.isEmpty()) {
            Conmon.Created created = conmon.launch(rec.id(), terminal);
            if (created instanceof Conmon.Created.Failed(String error)) {
                throw fail(rec, "runc create: " + error, RuncError.exitCode(error));
            }
        }
        try {
            runc.start(rec.id());
        } catch (LegendsException e) {
            throw fail(rec, e.getMessage(), RuncError.exitCode(e.getMessage()));
        }
        ContainerRecord started = rec.started(Instant.now());
        state.write(started);
        return started;
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
