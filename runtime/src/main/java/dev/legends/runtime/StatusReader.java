package dev.legends.runtime;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Works out a container's status from what is on disk and what runc says, never from memory, so
 * that a freshly started daemon sees exactly what the old one would have: the exit file wins (it
 * is conmon's last word), then runc's state for a live process.
 */
final class StatusReader {
    /** Docker's code for an exit it could not learn. */
    static final int UNKNOWN_EXIT = 255;

    private static final long FULL_CHECK_NANOS = 1_000_000_000L;

    private final StateDir state;
    private final Runc runc;
    private final Cgroups cgroups;

    StatusReader(StateDir state, Runc runc, Cgroups cgroups) {
        this.state = state;
        this.runc = runc;
        this.cgroups = cgroups;
    }

    ContainerStatus status(ContainerRecord rec) {
        return status(rec, runc::state);
    }

    /** {@code runcState} answers from one {@code runc list} when the caller reads many containers. */
    ContainerStatus status(ContainerRecord rec, Function<String, Optional<Runc.State>> runcState) {
        Optional<ContainerStatus.Exited> exited = exited(rec);
        if (exited.isPresent()) {
            return exited.get();
        }
        if (rec.startedAt() == null) {
            // a daemon killed right after the start could not record it; then runc knows
            if (Files.exists(state.container(rec.id()).monitorPidFile())) {
                Optional<Runc.State> rs = runcState.apply(rec.id());
                if (rs.isPresent() && rs.get().running()) {
                    return new ContainerStatus.Running(rs.get().pid(), null);
                }
            }
            return new ContainerStatus.Created();
        }
        Optional<Runc.State> rs = runcState.apply(rec.id());
        if (rs.isPresent() && rs.get().running()) {
            return new ContainerStatus.Running(rs.get().pid(), rec.startedAt());
        }
        // runc says it stopped but conmon has not written the exit file yet: it drains the
        // container's output first, which takes a moment
        OptionalLong monitor = ProcFs.readPid(state.container(rec.id()).monitorPidFile());
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (monitor.isPresent() && ProcFs.alive(monitor.getAsLong()) && System.nanoTime() < deadline) {
            sleep(10);
            exited = exited(rec);
            if (exited.isPresent()) {
                return exited.get();
            }
        }
        exited = exited(rec);
        return exited.orElseGet(() -> new ContainerStatus.Exited(UNKNOWN_EXIT, rec.startedAt(), null,
                oomKilled(rec), "exit code lost: the monitor of " + rec.name() + " died before the container"));
    }

    /**
     * The status right after a start, without asking runc: running with the pid conmon reported,
     * unless the exit file says it is already over.
     */
    ContainerStatus justStarted(ContainerRecord rec, long pid) {
        Optional<ContainerStatus.Exited> exited = exited(rec);
        return exited.isPresent() ? exited.get() : new ContainerStatus.Running(pid, rec.startedAt());
    }

    /** The exit as recorded by conmon or by a failed start; empty while it has not exited. */
    Optional<ContainerStatus.Exited> exited(ContainerRecord rec) {
        if (rec.startExitCode() != null) {
            return Optional.of(new ContainerStatus.Exited(rec.startExitCode(), null, rec.createdAt(), false, rec.startError()));
        }
        Path exit = state.exitFile(rec.id());
        try {
            String code = Files.readString(exit).strip();
            Instant finished = Files.getLastModifiedTime(exit).toInstant();
            int c = Integer.parseInt(code);
            return Optional.of(new ContainerStatus.Exited(c < 0 ? UNKNOWN_EXIT : c, rec.startedAt(), finished, oomKilled(rec), null));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean hasExited(ContainerRecord rec) {
        return rec.startExitCode() != null || Files.exists(state.exitFile(rec.id()));
    }

    /** Waits until the container has exited; empty if {@code timeout} passed first. */
    Optional<ContainerStatus.Exited> awaitExited(String id, java.time.Duration timeout) {
        long now = System.nanoTime();
        long deadline = now + timeout.toNanos();
        long fullCheck = now + FULL_CHECK_NANOS;
        for (int i = 0; ; i++) {
            // read the record afresh: it changes when a start fails or a restart begins
            ContainerRecord rec = state.read(id).orElseThrow(() -> LegendsException.notFound("container was deleted"));
            // the exit file is cheap to look for; a full status (runc state) catches a lost monitor:
            // at once if the monitor is already gone, then each second
            now = System.nanoTime();
            boolean full = rec.startedAt() != null && (now >= fullCheck || (i == 0 && !monitorAlive(rec)));
            if (full) {
                fullCheck = now + FULL_CHECK_NANOS;
            }
            if (hasExited(rec) || full) {
                if (status(rec) instanceof ContainerStatus.Exited e) {
                    return Optional.of(e);
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            sleep(backoff(i, 50));
        }
    }

    private boolean monitorAlive(ContainerRecord rec) {
        OptionalLong monitor = ProcFs.readPid(state.container(rec.id()).monitorPidFile());
        return monitor.isPresent() && ProcFs.alive(monitor.getAsLong());
    }

    /** Polls for the exit file; false if {@code timeout} passed first. */
    boolean awaitExit(ContainerRecord rec, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; !hasExited(rec); i++) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(backoff(i, 20));
        }
        return true;
    }

    /**
     * Milliseconds to sleep before poll {@code i + 1}: 1, 2, 4... up to {@code maxMillis}, so that
     * a short-lived container is seen to exit within a millisecond or two, and a long one costs
     * a few reads a second.
     */
    static long backoff(int i, long maxMillis) {
        return Math.min(maxMillis, 1L << Math.min(i, 10));
    }

    /** conmon's oom file (v1 eventfd), or the kernel's count while the cgroup is still there. */
    private boolean oomKilled(ContainerRecord rec) {
        return Files.exists(state.container(rec.id()).oom()) || cgroups.oomKills(rec.cgroupsPath()) > 0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
