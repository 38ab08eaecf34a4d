package dev.legends.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A runtime on a temporary state directory that remembers every container id a test used, and
 * removes them all afterwards, even when the runtime's own delete is what failed: then runc,
 * the monitor and the cgroup directories are cleaned by hand.
 */
final class RuntimeFixture implements AutoCloseable {
    final Path stateDir;
    final Path rootfs;
    ContainerRuntime runtime;
    private final List<String> ids = new ArrayList<>();

    RuntimeFixture(Path tmp) throws IOException {
        this.stateDir = tmp.resolve("state");
        this.rootfs = TestRootfs.create(tmp);
        this.runtime = ContainerRuntime.open(stateDir);
    }

    /** A fresh id, remembered for cleanup. */
    String newId() {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
        ids.add(id);
        return id;
    }

    ContainerSpec.Builder spec(String... args) {
        return ContainerSpec.builder(newId(), rootfs).args(args);
    }

    /** Cgroup directories of {@code id} in any hierarchy. */
    static List<Path> cgroupDirs(String id) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var s = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : s.toList()) {
                Path d = h.resolve("legends").resolve(id);
                if (Files.exists(d)) {
                    found.add(d);
                }
            }
        }
        return found;
    }

    /** Whether runc, under our state root, still knows {@code id}. */
    boolean runcKnows(String id) {
        Command.Result r = Command.run(List.of("/usr/sbin/runc", "--root", stateDir.resolve("runc").toString(), "state", id),
                Duration.ofSeconds(10));
        return r.ok();
    }

    @Override
    public void close() {
        if (runtime == null) {
            runtime = ContainerRuntime.open(stateDir); // a test dropped it on purpose and then failed
        }
        for (String id : ids) {
            try {
                runtime.delete(id, true);
            } catch (RuntimeException e) {
                // not created, or the delete under test failed: clean by hand below
            }
            Command.run(List.of("/usr/sbin/runc", "--root", stateDir.resolve("runc").toString(), "delete", "-f", id),
                    Duration.ofSeconds(10));
            ProcFs.readPid(stateDir.resolve("containers").resolve(id).resolve("conmon.pid")).ifPresent(pid -> {
                if (ProcFs.cmdline(pid).contains("--cid " + id + " ")) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            });
            Cgroups.discover().remove("/legends/" + id);
        }
        runtime.close();
    }
}
