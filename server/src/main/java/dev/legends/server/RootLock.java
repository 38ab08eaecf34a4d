package dev.legends.server;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on the root, so two daemons never share one store and one set of mounts.
 * The kernel drops the lock when the process dies, so a killed daemon never blocks the next.
 */
final class RootLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RootLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static RootLock acquire(Path root) {
        Path file = root.resolve("daemon.lock");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(ch);
            if (lock == null) {
                String pid = Files.readString(file).strip();
                ch.close();
                throw LegendsException.precondition("another legends daemon is running on " + root
                        + (pid.isEmpty() ? "" : " (pid " + pid + ")") + "; stop it first or use another --root");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(true);
            return new RootLock(ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw LegendsException.unavailable("lock " + file + ": " + e.getMessage());
        }
    }

    /** Null when another holder has the lock, be it another process or (in tests) this one. */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing held yet
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the process is going away; the kernel releases the lock anyway
        }
    }
}
