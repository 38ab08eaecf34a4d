package dev.legends.pod;

import dev.legends.core.LegendsException;
import dev.legends.runtime.Container;
import dev.legends.runtime.ContainerStatus;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the monitors' exit files (inotify, and a scan each second in case an event was lost),
 * records each exit once as an event, and applies restart policies with docker's back-off;
 * auto-removed containers go once nobody reads their output. A container its user stopped is
 * never restarted. Nothing here must survive a crash: the exit files and records say it all.
 */
final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final Records records;
    private final Lifecycle lifecycle;
    private final EventLog events;
    private final Holds holds;
    private final KeyedLocks locks;
    private final Path exitsDir;
    private final Set<String> pending;
    private final Consumer<StoredContainer> autoRemove;
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
    private final Map<String, FileTime> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final WatchService watch;
    private final Thread thread;
    private volatile boolean closed;

    /** {@code pending} is shared with the views: the ids whose restart is scheduled. */
    Supervisor(Records records, Lifecycle lifecycle, EventLog events, Holds holds, KeyedLocks locks, Path exitsDir,
               Set<String> pending, Consumer<StoredContainer> autoRemove) {
        this.records = records;
        this.lifecycle = lifecycle;
        this.events = events;
        this.holds = holds;
        this.locks = locks;
        this.exitsDir = exitsDir;
        this.pending = pending;
        this.autoRemove = autoRemove;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("legends-restarts").factory());
        try {
            this.watch = FileSystems.getDefault().newWatchService();
            exitsDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            throw LegendsException.unavailable("watch " + exitsDir + ": " + e.getMessage());
        }
        this.thread = Thread.ofPlatform().daemon().name("legends-supervisor").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Schedules a start of {@code c} now, for live restore of containers the daemon must bring back. */
    void startSoon(StoredContainer c) {
        if (pending.add(c.id())) {
            timer.schedule(() -> Thread.ofVirtual().start(() -> restart(c.id(), false)), 0, TimeUnit.MILLISECONDS);
        }
    }

    private void loop() {
        long lastScan = System.nanoTime() - 2_000_000_000L;
        while (!closed) {
            try {
                WatchKey key = watch.poll(1, TimeUnit.SECONDS);
                Set<String> named = new HashSet<>();
                boolean lost = key == null;
                if (key != null) {
                    for (WatchEvent<?> e : key.pollEvents()) {
                        if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                            lost = true;
                        } else {
                            named.add(e.context().toString());
                        }
                    }
                    key.reset();
                }
                // an event names its exit file: that container alone is looked at, which keeps a
                // short run's exit from waiting on a read of every record; all of them are looked
                // at each second, and when events were lost
                if (lost || System.nanoTime() - lastScan > 1_000_000_000L) {
                    scan();
                    lastScan = System.nanoTime();
                } else {
                    named.forEach(id -> records.container(id).ifPresent(this::look));
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("supervisor: {}", e.getMessage(), e);
            }
        }
    }

    /** Looks at every container whose exit file is new to us. */
    void scan() {
        List<StoredContainer> all = records.containers();
        Set<String> ids = new HashSet<>();
        all.forEach(c -> ids.add(c.id()));
        seen.keySet().retainAll(ids);
        backoffs.keySet().retainAll(ids);
        all.forEach(this::look);
    }

    /**
     * Looks at {@code id} now if it has exited already: a command as short as {@code true} ends
     * before its start returns, and the watch would only tell this thread a moment later.
     */
    void notice(String id) {
        try {
            if (Files.exists(exitsDir.resolve(id))) {
                records.container(id).ifPresent(this::look);
            }
        } catch (RuntimeException e) {
            LOG.warn("supervisor: {}", e.getMessage(), e); // this thread will look again
        }
    }

    /** Handles the exit of {@code c} if its exit file is new to us; one caller at a time, so that an exit is handled once. */
    private synchronized void look(StoredContainer c) {
        Path exit = exitsDir.resolve(c.id());
        FileTime mtime;
        try {
            mtime = Files.getLastModifiedTime(exit);
        } catch (IOException e) {
            return; // running, created, or never started
        }
        if (pending.contains(c.id()) || (mtime.equals(seen.get(c.id())) && !c.options().autoRemove())) {
            return;
        }
        Optional<Container> rt = lifecycle.state(c.id());
        if (rt.isEmpty() || !(rt.get().status() instanceof ContainerStatus.Exited x)) {
            return;
        }
        seen.put(c.id(), mtime);
        // read again: another caller may have handled this exit since c was read
        records.container(c.id()).ifPresent(now -> exited(now, x));
    }

    private void exited(StoredContainer c, ContainerStatus.Exited x) {
        String key = x.startedAt() + "/" + x.finishedAt() + "/" + x.exitCode();
        if (!key.equals(c.handledExit())) {
            if (c.handledExit() == null && c.restartCount() == 0) {
                // the first exit: how long the daemon took from creating the container to knowing its end
                LOG.info("container {} {} exited with {}, seen {} ms after its creation began (create+start+wait)", c.name(),
                        Names.shortId(c.id()), x.exitCode(), Duration.between(c.created(), Instant.now()).toMillis());
            }
            records.tx(tx -> {
                records.setHandledExit(tx, c.id(), key);
                events.container(tx, c, "died (exit code " + x.exitCode() + (x.oomKilled() ? ", OOM killed" : "") + ")");
                return null;
            });
        }
        if (c.options().autoRemove()) {
            if (!holds.held(c.id())) {
                autoRemove.accept(c);
            }
            return;
        }
        if (!c.isPause() && !c.stoppedByUser() && c.restart().restartsAfter(x.exitCode(), c.restartCount())) {
            schedule(c, ranFor(x));
        }
    }

    private void schedule(StoredContainer c, Duration ranFor) {
        Duration delay = backoffs.computeIfAbsent(c.id(), k -> new Backoff()).next(ranFor);
        pending.add(c.id());
        LOG.debug("restarting {} in {} ms", c.name(), delay.toMillis());
        timer.schedule(() -> Thread.ofVirtual().start(() -> restart(c.id(), true)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the container again unless its user stopped it, it is gone or someone started it meanwhile. */
    private void restart(String id, boolean count) {
        boolean again = false;
        try {
            again = locks.with(id, () -> {
                Optional<StoredContainer> now = records.container(id);
                if (closed || now.isEmpty() || now.get().stoppedByUser()) {
                    return false;
                }
                StoredContainer c = now.get();
                Optional<Container> rt = lifecycle.state(id);
                if (rt.isPresent() && !(rt.get().status() instanceof ContainerStatus.Exited)) {
                    return false;
                }
                int restarts = c.restartCount() + (count ? 1 : 0);
                records.tx(tx -> {
                    records.setRestartCount(tx, id, restarts);
                    events.container(tx, c, count ? "restarting (restart " + restarts + ", policy " + c.restart() + ")" : "starting again after a daemon restart");
                    return null;
                });
                try {
                    lifecycle.start(c);
                    return false;
                } catch (LegendsException e) {
                    // a start that fails writes no exit file: the next attempt is decided here
                    events.container(c, "restart failed: " + e.getMessage());
                    int code = lifecycle.state(id).map(Container::status)
                            .map(s -> s instanceof ContainerStatus.Exited x ? x.exitCode() : Views.UNKNOWN_EXIT).orElse(Views.UNKNOWN_EXIT);
                    return c.restart().restartsAfter(code, restarts);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("restart of {} failed: {}", id, e.getMessage(), e);
        } finally {
            pending.remove(id);
        }
        if (again) {
            records.container(id).ifPresent(c -> schedule(c, Duration.ZERO));
        }
    }

    private static Duration ranFor(ContainerStatus.Exited x) {
        return x.startedAt() == null || x.finishedAt() == null ? Duration.ZERO : Duration.between(x.startedAt(), x.finishedAt());
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        timer.shutdownNow();
        try {
            watch.close();
            thread.join(2000);
        } catch (IOException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
