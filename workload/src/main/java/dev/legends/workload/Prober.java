package dev.legends.workload;

import dev.legends.workload.manifest.Probe;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The kubelet's prober for the app containers the controller runs. Until the startup probe has
 * passed nothing else runs; readiness starts false where there is a readiness probe; liveness or
 * startup failing {@code failureThreshold} times in a row marks the container for a restart. A
 * tick every 100 ms starts the probes that are due, each on a virtual thread, one at a time per
 * probe, so a slow exec never delays another pod's probe.
 */
final class Prober implements AutoCloseable {
    enum Kind { STARTUP, READINESS, LIVENESS }

    /** What the controller reads; {@code restart} says liveness or startup gave up on the container. */
    record Status(boolean started, boolean ready, boolean restart, String lastFailure) {}

    private final ProbeRunner runner;
    private final Consumer<String> changed;
    private final Clock clock;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "workload-prober");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

    Prober(ProbeRunner runner, Consumer<String> changed, Clock clock) {
        this.runner = runner;
        this.changed = changed;
        this.clock = clock;
    }

    void start() {
        ticker.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Watches exactly {@code targets} from now on; a container that started again is watched afresh. */
    void sync(Collection<ProbeTarget> targets) {
        Set<String> keep = new HashSet<>();
        for (ProbeTarget t : targets) {
            keep.add(t.containerId());
            watches.compute(t.containerId(), (id, w) -> w == null || !w.target.started().equals(t.started()) ? new Watch(t)
                    : w.withAddress(t.address()));
        }
        watches.keySet().retainAll(keep);
    }

    Status status(String containerId) {
        Watch w = watches.get(containerId);
        if (w == null) {
            return new Status(false, false, false, null);
        }
        synchronized (w) {
            return new Status(w.started, w.started && w.ready, w.restart, w.lastFailure);
        }
    }

    private void tick() {
        Instant now = clock.instant();
        for (Watch w : watches.values()) {
            synchronized (w) {
                if (w.restart) {
                    continue;
                }
                if (!w.started) {
                    w.maybeRun(Kind.STARTUP, now);
                } else {
                    w.maybeRun(Kind.READINESS, now);
                    w.maybeRun(Kind.LIVENESS, now);
                }
            }
        }
    }

    /** The probe state of one run of one container. Guarded by itself. */
    private final class Watch {
        private volatile ProbeTarget target;
        private boolean started;
        private boolean ready;
        private boolean restart;
        private String lastFailure;
        private final Map<Kind, Counter> counters = new java.util.EnumMap<>(Kind.class);

        Watch(ProbeTarget t) {
            this.target = t;
            this.started = t.template().startupProbe() == null;
            this.ready = t.template().readinessProbe() == null;
        }

        Watch withAddress(String address) {
            ProbeTarget t = target;
            if (address != null && !address.equals(t.address())) {
                target = new ProbeTarget(t.containerId(), t.pod(), address, t.template(), t.started());
            }
            return this;
        }

        private Probe probe(Kind k) {
            return switch (k) {
                case STARTUP -> target.template().startupProbe();
                case READINESS -> target.template().readinessProbe();
                case LIVENESS -> target.template().livenessProbe();
            };
        }

        void maybeRun(Kind k, Instant now) {
            Probe p = probe(k);
            if (p == null) {
                return;
            }
            Counter c = counters.computeIfAbsent(k, x -> new Counter(target.started().plusSeconds(p.initialDelaySeconds())));
            if (c.running || now.isBefore(c.due)) {
                return;
            }
            c.running = true;
            c.due = now.plusSeconds(p.periodSeconds());
            ProbeTarget t = target;
            probes.execute(() -> {
                ProbeRunner.Result r;
                try {
                    r = runner.run(p, t);
                } catch (RuntimeException e) {
                    r = new ProbeRunner.Result(false, String.valueOf(e.getMessage()));
                }
                record(k, p, c, r);
            });
        }

        private void record(Kind k, Probe p, Counter c, ProbeRunner.Result r) {
            boolean flipped = false;
            synchronized (this) {
                c.running = false;
                if (watches.get(target.containerId()) != this) {
                    return; // forgotten or restarted meanwhile
                }
                if (r.success()) {
                    c.successes++;
                    c.failures = 0;
                } else {
                    c.failures++;
                    c.successes = 0;
                    lastFailure = k.name().toLowerCase(java.util.Locale.ROOT) + " probe failed: " + r.detail();
                }
                switch (k) {
                    case STARTUP -> {
                        if (r.success()) {
                            started = flipped = true;
                        } else if (c.failures >= p.failureThreshold()) {
                            restart = flipped = true;
                        }
                    }
                    case READINESS -> {
                        if (!ready && c.successes >= p.successThreshold()) {
                            ready = flipped = true;
                        } else if (ready && c.failures >= p.failureThreshold()) {
                            ready = false;
                            flipped = true;
                        }
                    }
                    case LIVENESS -> {
                        if (c.failures >= p.failureThreshold()) {
                            restart = flipped = true;
                        }
                    }
                }
            }
            if (flipped) {
                changed.accept(target.containerId());
            }
        }
    }

    private static final class Counter {
        Instant due;
        boolean running;
        int successes;
        int failures;

        Counter(Instant due) {
            this.due = due;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        probes.shutdownNow();
        runner.close();
    }
}
