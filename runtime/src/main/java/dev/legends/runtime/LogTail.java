package dev.legends.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails a container's log on a virtual thread. Polling, not inotify: conmon appends in small
 * bursts, a tenth of a second is quick enough for a human, and polling survives log rotation.
 */
final class LogTail implements ContainerRuntime.LogFollower {
    private static final Logger LOG = LoggerFactory.getLogger(LogTail.class);
    private static final long POLL_MS = 100;

    private final KubeLog.Cursor cursor;
    private final Consumer<LogLine> sink;
    private final BooleanSupplier finished;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean closed;
    private final Thread thread;

    /**
     * {@code finished} says whether the container has exited (conmon drains the log before it
     * writes the exit file) or is gone.
     */
    LogTail(Path log, Consumer<LogLine> sink, BooleanSupplier finished) {
        this.cursor = new KubeLog.Cursor(log);
        this.sink = sink;
        this.finished = finished;
        this.thread = Thread.ofVirtual().name("log-follow " + log.getParent().getFileName()).start(this::loop);
    }

    private void loop() {
        try {
            while (!closed) {
                // read the exit first: lines read after it are all there will ever be
                boolean done = finished.getAsBoolean();
                do {
                    cursor.next().forEach(sink);
                } while (cursor.more());
                if (done) {
                    cursor.flush().forEach(sink);
                    return;
                }
                Thread.sleep(POLL_MS);
            }
        } catch (IOException e) {
            LOG.warn("following {} stopped: {}", cursor, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
