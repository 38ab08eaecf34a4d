package dev.legends.image;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises changes to one content directory: its index.json, and commits and sweeps of blobs
 * (so that prune never deletes a blob between its commit and the tag that makes it reachable).
 *
 * <p>Two locks, because a file lock alone is per process: the JVM refuses a second lock of the
 * same file from another thread (OverlappingFileLockException), and another process (a CLI next to
 * the daemon) does not see in-process locks. The in-process lock is shared by every instance for a
 * path and is reentrant; only the outermost holder takes the file lock.
 */
final class LayoutLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock lock;

    LayoutLock(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.lock = LOCKS.computeIfAbsent(this.file, k -> new ReentrantLock());
    }

    <T> T call(Supplier<T> work) {
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return work.get();
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock();
                return work.get();
            } catch (IOException e) {
                throw LegendsException.unavailable("lock " + file + ": " + e.getMessage());
            }
        } finally {
            lock.unlock();
        }
    }

    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
