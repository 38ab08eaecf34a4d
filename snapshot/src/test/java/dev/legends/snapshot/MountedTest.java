package dev.legends.snapshot;

import dev.legends.linux.SyscallException;
import dev.legends.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that mount: every mount made through {@link #mount} is undone after the test,
 * passed or failed, before JUnit deletes the temporary directory (a mount left behind would break
 * the next run).
 */
abstract class MountedTest {
    @TempDir
    Path tmp;

    private final List<Path> mounted = new ArrayList<>();

    Path mount(Mount m) throws IOException {
        Path target = Files.createDirectories(tmp.resolve("mnt").resolve(Integer.toString(mounted.size())));
        Mounts.mount(m, target);
        mounted.add(target);
        return target;
    }

    void unmount(Path target) {
        Mounts.unmount(target);
        mounted.remove(target);
    }

    @AfterEach
    void unmountEverything() {
        for (Path target : mounted.reversed()) {
            try {
                Syscalls.umount2(target, Syscalls.MNT_DETACH);
            } catch (SyscallException e) {
                // not mounted any more
            }
        }
        mounted.clear();
    }
}
