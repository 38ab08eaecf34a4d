package dev.legends.workload;

import dev.legends.core.LegendsException;
import dev.legends.pod.Containers;
import dev.legends.runtime.LogLine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code app logs -f} on the local engine: each instance's container followed on a virtual
 * thread of its own, from its last {@code tail} lines; the instances are looked at again every
 * {@link #POLL}, so that one scaled up or replaced is followed too, from its first line, and a
 * restarted container again from where its follower stopped (it keeps its log). Runs until closed.
 */
final class InstanceLogs implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(500);

    private final Containers containers;
    private final Supplier<List<Observed>> instances;
    private final int tail;
    private final Consumer<Views.InstanceLine> sink;
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private final Thread watcher;
    /** Deliveries and close take turns: once close returns, no line reaches the sink. */
    private final Object delivering = new Object();
    private volatile boolean closed;

    /** One container: how far into its log the lines were delivered (or skipped), and its follower. */
    private static final class Followed {
        final Observed instance;
        /** Lines delivered or skipped; -1 before the first follow, which starts at the tail. */
        volatile long position;
        volatile Thread thread;

        Followed(Observed instance, boolean fromTail) {
            this.instance = instance;
            this.position = fromTail ? -1 : 0;
        }
    }

    InstanceLogs(Containers containers, Supplier<List<Observed>> instances, int tail, Consumer<Views.InstanceLine> sink) {
        this.containers = containers;
        this.instances = instances;
        this.tail = tail;
        this.sink = sink;
        this.watcher = Thread.ofVirtual().name("app-logs").start(this::watch);
    }

    private void watch() {
        try {
            for (boolean first = true; !closed; first = false) {
                boolean fromTail = first;
                for (Observed o : instances.get()) {
                    if (o.containerId() == null) {
                        continue;
                    }
                    // the tail is of what ran when the follow began; an instance that came later shows from its start
                    Followed f = followed.computeIfAbsent(o.containerId(), id -> new Followed(o, fromTail));
                    // a follower ends with its container; one that runs again (a restart) is followed again
                    boolean firstTime = f.thread == null;
                    boolean runsAgain = o.instance().phase() == dev.legends.workload.port.Instance.Phase.RUNNING;
                    if ((f.thread == null || !f.thread.isAlive()) && (firstTime || runsAgain)) {
                        f.thread = Thread.ofVirtual().name("app-logs " + o.instance().name()).start(() -> follow(o.containerId(), f));
                    }
                }
                Thread.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow(String containerId, Followed f) {
        try {
            long skip = f.position >= 0 ? f.position : Math.max(0, tail > 0 ? containers.logs(containerId).size() - tail : 0);
            long[] at = {0};
            containers.attach(containerId, line -> {
                if (at[0]++ >= skip) {
                    synchronized (delivering) {
                        if (!closed) {
                            sink.accept(new Views.InstanceLine(f.instance.instance().name(), f.instance.instance().revision(), line));
                        }
                    }
                }
                f.position = Math.max(at[0], skip);
            }, () -> closed);
            f.position = Math.max(f.position, skip);
        } catch (LegendsException e) {
            // the container was removed (scaled down, replaced): nothing more to follow
        }
    }

    @Override
    public void close() {
        synchronized (delivering) {
            closed = true;
        }
        watcher.interrupt();
    }
}
