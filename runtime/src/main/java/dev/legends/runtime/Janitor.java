package dev.legends.runtime;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Takes back what a container held on the host: runc's state, its monitor, its cgroup directories
 * in every hierarchy, its exit and attach files, and finally its directory. Each step is safe to
 * repeat, so a delete that failed half-way can simply be run again.
 */
final class Janitor {
    private final StateDir state;
    private final Runc runc;
    private final Cgroups cgroups;

    Janitor(StateDir state, Runc runc, Cgroups cgroups) {
        this.state = state;
        this.runc = runc;
        this.cgroups = cgroups;
    }

    /**
     * Everything but the record, bundle and log: what a failed start leaves, and what must go
     * before a restart. Returns a description of what could not be removed (empty when clean).
     */
    List<String> releaseHost(ContainerRecord rec) {
        List<String> problems = new ArrayList<>();
        try {
            if (Files.exists(state.exitFile(rec.id()))) {
                // the monitor writes the exit file once it has reaped PID 1: to runc the container is
                // stopped, and what runc delete would do for it the lines below do too; that
                // spares a runc process (~20 ms) on every removal of an exited container
                runc.forgetStopped(rec.id());
            } else {
                runc.delete(rec.id());
            }
        } catch (LegendsException e) {
            problems.add(e.getMessage());
        }
        // the monitor exits by itself once the container is gone; it must be gone before its files go,
        // or it could write an exit file after we removed it
        stopMonitor(rec.id());
        for (Path left : cgroups.remove(rec.cgroupsPath())) {
            problems.add("cgroup " + left + " is still in use");
        }
        StateDir.ContainerPaths paths = state.container(rec.id());
        List<Path> files = new ArrayList<>(List.of(state.exitFile(rec.id()), state.attach().resolve(rec.id()), paths.oom(),
                paths.dir().resolve("exit"), paths.pidFile(), paths.monitorPidFile(), paths.sync()));
        // exec sessions' attach links, named by session (their monitors ended with the container's processes)
        try (Stream<Path> sessions = Files.isDirectory(paths.dir().resolve("exec")) ? Files.list(paths.dir().resolve("exec")) : Stream.empty()) {
            sessions.forEach(s -> files.add(state.attach().resolve(s.getFileName().toString())));
        } catch (IOException e) {
            problems.add("list exec sessions: " + e.getMessage());
        }
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                problems.add("remove " + p + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Removes every trace of the container, or throws naming what is left (the record stays for a retry). */
    void removeAll(ContainerRecord rec) {
        List<String> problems = releaseHost(rec);
        if (!problems.isEmpty()) {
            throw LegendsException.unavailable(String.join("; ", problems));
        }
        try {
            StateDir.deleteTree(state.container(rec.id()).dir());
        } catch (IOException e) {
            throw LegendsException.unavailable("remove " + state.container(rec.id()).dir() + ": " + e.getMessage());
        }
    }

    /** The monitor's pid if it is alive and still ours (a recycled pid runs something else). */
    OptionalLong monitorPid(String id) {
        OptionalLong pid = ProcFs.readPid(state.container(id).monitorPidFile());
        if (pid.isPresent() && ProcFs.alive(pid.getAsLong()) && isMonitorOf(pid.getAsLong(), id)) {
            return pid;
        }
        return OptionalLong.empty();
    }

    private void stopMonitor(String id) {
        OptionalLong pid = monitorPid(id);
        if (pid.isEmpty()) {
            return;
        }
        // it exits moments after writing the exit file: a short poll keeps removal from waiting on it
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (ProcFs.alive(pid.getAsLong()) && System.nanoTime() < deadline) {
            sleep(1);
        }
        if (ProcFs.alive(pid.getAsLong()) && isMonitorOf(pid.getAsLong(), id)) {
            ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
            long killDeadline = System.nanoTime() + 2_000_000_000L;
            while (ProcFs.alive(pid.getAsLong()) && System.nanoTime() < killDeadline) {
                sleep(10);
            }
        }
    }

    private static boolean isMonitorOf(long pid, String id) {
        String cmd = ProcFs.cmdline(pid);
        return (cmd.contains("conmon") || cmd.contains(MonitorBinary.NAME)) && cmd.contains(" --cid " + id + " ");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
