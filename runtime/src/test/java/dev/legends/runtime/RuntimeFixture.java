package dev.legends.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A runtime on a temporary state directory for each test ({@code @RegisterExtension}) that
 * remembers every container id the test used, and removes them all afterwards, even when the
 * runtime's own delete is what failed: then runc, the monitor and the cgroup directories are
 * cleaned by hand; then the temporary directory goes.
 */
final class RuntimeFixture implements BeforeEachCallback, AfterEachCallback {
    /** The test's own temporary directory. */
    Path tmp;
    Path stateDir;
    Path rootfs;
    ContainerRuntime runtime;
    private final List<String> ids = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        tmp = Files.createTempDirectory("legends-runtime-test");
        stateDir = tmp.resolve("state");
        rootfs = TestRootfs.create(tmp);
        runtime = ContainerRuntime.open(stateDir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            close();
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) { // does not follow links
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
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

    /** Cgroup directories of container {@code id} in any hierarchy. */
    static List<Path> cgroupDirs(String id) throws IOException {
        return cgroups("legends/" + id);
    }

    /** {@code path} in every cgroup hierarchy where it exists (v1: one per controller; v2: the one). */
    static List<Path> cgroups(String path) throws IOException {
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            List<Path> roots = new ArrayList<>(hierarchies.filter(Files::isDirectory).toList());
            roots.add(Path.of("/sys/fs/cgroup"));
            return roots.stream().map(r -> r.resolve(path)).filter(Files::isDirectory).toList();
        }
    }

    /** Whether runc, under our state root, still knows {@code id}. */
    boolean runcKnows(String id) {
        Command.Result r = Command.run(List.of("/usr/sbin/runc", "--root", stateDir.resolve("runc").toString(), "state", id),
                Duration.ofSeconds(10));
        return r.ok();
    }

    /** Removes every container the test used and closes the runtime (a test may call it to drop the runtime). */
    void close() {
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
