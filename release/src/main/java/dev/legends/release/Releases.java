package dev.legends.release;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.release.strategy.Plan;
import dev.legends.release.strategy.Plans;
import dev.legends.release.strategy.Step;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.RevisionRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release controller: starts releases, reconciles each unfinished one on every tick, and
 * carries out the operator's promote, pause, resume, abort and undo. All state is in the store,
 * so a controller made again on the same database carries on every release at the step it
 * reached; the gateway keeps routing by the last applied route meanwhile.
 *
 * <p>One lock serialises ticks and operations: they are short (a few port calls and one
 * transaction), and a single writer is what keeps a step from running twice at once.
 */
public final class Releases implements AutoCloseable {
    /** The release tables; open the store with it. */
    public static final Schema SCHEMA = ReleaseStore.SCHEMA;
    private static final Logger LOG = LoggerFactory.getLogger(Releases.class);

    private final ReleaseStore store;
    private final Ports ports;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Plan> plans = new ConcurrentHashMap<>();
    private volatile Thread loop;

    public Releases(Store store, Ports ports, Clock clock) {
        this.store = new ReleaseStore(store);
        this.ports = ports;
        this.clock = clock;
    }

    /** Reconciles in the background every {@code period} until {@link #close()}. */
    public void startLoop(Duration period) {
        Thread t = Thread.ofPlatform().daemon().name("release-controller").unstarted(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    tick();
                    java.util.concurrent.locks.LockSupport.parkNanos(period.toNanos()); // kick() ends the wait early
                } catch (RuntimeException e) {
                    LOG.warn("release controller tick failed: {}", e.getMessage(), e);
                }
            }
        });
        loop = t;
        t.start();
    }

    /**
     * Reconciles now rather than at the next period: call it when instances change readiness, so
     * a step waiting for them (a blue/green switch, a canary's pods) goes on at once.
     */
    public void kick() {
        Thread t = loop;
        if (t != null) {
            java.util.concurrent.locks.LockSupport.unpark(t);
        }
    }

    @Override
    public void close() {
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One reconcile of every unfinished release. */
    public void tick() {
        locked(() -> {
            for (ReleaseRow row : store.unfinished()) {
                try {
                    reconcile(row);
                } catch (RuntimeException e) {
                    // A port that fails (the gateway restarting, an engine call timing out) is retried
                    // on the next tick; the release keeps its step and says why it is stuck.
                    LOG.warn("release {} of {}: {}", row.id(), row.app(), e.getMessage(), e);
                    String m = "retrying: " + e.getMessage();
                    if (!m.equals(row.message())) {
                        store.save(row.with(row.phase(), row.step(), m, clock.millis(), row.endedMs()), List.of());
                    }
                }
            }
            return null;
        });
    }

    /** Starts a release of a new revision made from the stable one with {@code image}. */
    public ReleaseStatus start(String app, String image, String strategy) {
        if (image == null || image.isBlank()) {
            throw LegendsException.invalid("release start: --image is required");
        }
        return locked(() -> {
            AppDefinition def = app(app);
            checkIdle(app);
            Plan plan = plan(def, strategy, def.stableRevision());
            RevisionRef ref = ports.catalog().createRevision(app, image, "legends release start --image " + image);
            return begin(def, ref.revision(), plan, strategy, false);
        });
    }

    /** Starts a release of an existing revision (one applied from a changed manifest, say). */
    public ReleaseStatus startRevision(String app, int revision, String strategy) {
        return locked(() -> {
            AppDefinition def = app(app);
            ports.catalog().revision(app, revision);
            checkIdle(app);
            Plan plan = plan(def, strategy, def.stableRevision());
            return begin(def, revision, plan, strategy, false);
        });
    }

    /**
     * A manifest applied with a changed pod template made {@code revision}: release it with the
     * app's strategy. A release still in progress of another revision is aborted first, as Argo
     * Rollouts does when the pod template changes mid-rollout (the newest template wins).
     *
     * @return the new release's status; the latest release's (or null) when {@code revision} is already stable
     */
    public ReleaseStatus revisionApplied(String app, int revision) {
        return locked(() -> {
            Optional<ReleaseRow> active = store.latest(app).filter(r -> r.phase().active());
            if (active.isPresent() && active.get().revision() == revision) {
                return Views.status(active.get(), planOf(active.get()), ports);
            }
            if (active.isPresent()) {
                ReleaseRow row = active.get();
                Rollout r = new Rollout(ports, row, planOf(row), app(app), new Observed(ports.platform().instances(app)), clock.instant());
                r.abort("superseded by revision " + revision);
                store.save(r.row, r.entries);
            }
            AppDefinition def = app(app);
            if (revision == def.stableRevision()) {
                return store.latest(app).map(row -> Views.status(row, planOf(row), ports)).orElse(null); // nothing to release
            }
            return begin(def, revision, plan(def, null, def.stableRevision()), null, false);
        });
    }

    public ReleaseStatus status(String app) {
        return locked(() -> {
            ReleaseRow row = latest(app);
            return Views.status(row, planOf(row), ports);
        });
    }

    /** The release's status once {@link #tick()} or an operation has changed it; for watchers. */
    public Optional<ReleaseStatus> statusIfAny(String app) {
        return locked(() -> store.latest(app).map(row -> Views.status(row, planOf(row), ports)));
    }

    /**
     * Skips the current pause, analysis or shadow comparison; with {@code full}, every remaining
     * step that only waits or tests, as Argo Rollouts' full promotion does.
     */
    public ReleaseStatus promote(String app, boolean full) {
        return operate(app, (row, plan) -> {
            Step step = row.step() < plan.steps().size() ? plan.steps().get(row.step()) : null;
            Progress p = row.progress();
            if (full) {
                p.full = true;
            }
            String pausedBy = row.phase() == Phase.PAUSED ? p.pauseKind : null;
            boolean waiting = step instanceof Step.Pause || step instanceof Step.Analysis || step instanceof Step.ShadowCompare;
            // After a background analysis paused the release, promote goes on without it but keeps the step.
            boolean skippable = waiting && !"background".equals(pausedBy);
            if (!full && !skippable && pausedBy == null) {
                throw LegendsException.precondition(app + ": step " + (row.step() + 1) + " (" + (step == null ? "done" : step.describe())
                        + ") is not a pause or an analysis; use promote --full to skip all remaining steps");
            }
            if ("background".equals(pausedBy)) {
                p.backgroundDone = true;
            }
            p.pauseReason = null;
            p.pauseKind = null;
            int next = skippable ? row.step() + 1 : row.step();
            if (skippable) {
                p.analysis = null;
                p.stepStartedMs = clock.millis();
            }
            return new Change(row.with(Phase.PROGRESSING, next, full ? "promoted fully" : "promoted", clock.millis(), null),
                    full ? "promoted fully: remaining steps skipped" : "promoted: step " + (row.step() + 1) + " skipped");
        });
    }

    public ReleaseStatus pause(String app) {
        return operate(app, (row, plan) -> {
            if (row.phase() == Phase.PAUSED) {
                throw LegendsException.precondition(app + ": release " + row.id() + " is already paused (" + row.progress().pauseReason + ")");
            }
            row.progress().pauseReason = "paused by the operator";
            row.progress().pauseKind = "user";
            return new Change(row.with(Phase.PAUSED, row.step(), "paused: paused by the operator", clock.millis(), null), "paused by the operator");
        });
    }

    /** Continues a paused release; after an inconclusive analysis, measures it again. */
    public ReleaseStatus resume(String app) {
        return operate(app, (row, plan) -> {
            if (row.phase() != Phase.PAUSED) {
                throw LegendsException.precondition(app + ": release " + row.id() + " is not paused");
            }
            Progress p = row.progress();
            int step = row.step();
            if ("step".equals(p.pauseKind)) {
                step++; // an indefinite pause step waits for exactly this
            }
            if ("background".equals(p.pauseKind)) {
                p.background = null; // measured again from now
            }
            p.pauseReason = null;
            p.pauseKind = null;
            p.analysis = null;
            p.stepStartedMs = clock.millis();
            return new Change(row.with(Phase.PROGRESSING, step, "resumed", clock.millis(), null), "resumed");
        });
    }

    /** All traffic back to stable at once; the new revision scales down after the abort delay. */
    public ReleaseStatus abort(String app) {
        return locked(() -> {
            ReleaseRow row = latest(app);
            if (!row.phase().active()) {
                throw LegendsException.precondition(app + ": release " + row.id() + " is " + row.phase().name().toLowerCase()
                        + "; nothing to abort (undo goes back to an earlier revision)");
            }
            AppDefinition def = app(app);
            Rollout r = new Rollout(ports, row, planOf(row), def, new Observed(ports.platform().instances(app)), clock.instant());
            r.abort("by the operator");
            store.save(r.row, r.entries);
            return Views.status(r.row, r.plan, ports);
        });
    }

    /**
     * Goes back to {@code toRevision}, or to the revision that was stable before the current one.
     * During a release, undo without a revision is an abort: the stable revision is the way back.
     */
    public ReleaseStatus undo(String app, Integer toRevision) {
        Optional<ReleaseRow> active = locked(() -> store.latest(app).filter(r -> r.phase().active()));
        if (active.isPresent()) {
            if (toRevision != null && toRevision != active.get().stableRevision()) {
                throw LegendsException.precondition(app + ": release " + active.get().id()
                        + " is in progress; abort it before undoing to revision " + toRevision);
            }
            return abort(app);
        }
        return locked(() -> {
            AppDefinition def = app(app);
            int target = toRevision != null ? toRevision : previousStable(def);
            ports.catalog().revision(app, target);
            if (target == def.stableRevision()) {
                throw LegendsException.invalid(app + ": revision " + target + " is already stable");
            }
            Plan plan = Plans.undo(def.strategy(), def.replicas());
            return begin(def, target, plan, null, true);
        });
    }

    public List<ReleaseSummary> history(String app) {
        return locked(() -> store.history(app).stream().map(Views::summary).toList());
    }

    /** The report of the latest release of {@code revision}, or of the app's latest release. */
    public ReleaseReport report(String app, Integer revision) {
        return locked(() -> {
            ReleaseRow row = revision == null ? latest(app) : store.latestOfRevision(app, revision)
                    .orElseThrow(() -> LegendsException.notFound(app + ": no release of revision " + revision));
            return Views.report(row, planOf(row), store.timeline(row.id()), ports, clock.millis());
        });
    }

    // ---- internals ----

    private record Change(ReleaseRow row, String message) {}

    private ReleaseStatus operate(String app, java.util.function.BiFunction<ReleaseRow, Plan, Change> op) {
        return locked(() -> {
            ReleaseRow row = latest(app);
            if (!row.phase().active()) {
                throw LegendsException.precondition(app + ": release " + row.id() + " is " + row.phase().name().toLowerCase());
            }
            Plan plan = planOf(row);
            Change c = op.apply(row, plan);
            store.save(c.row(), List.of(new TimelineEntry(clock.millis(), c.row().step(), c.row().phase().name(), null, c.message())));
            ReleaseRow saved = reconcile(c.row());
            return Views.status(saved, plan, ports);
        });
    }

    private ReleaseStatus begin(AppDefinition def, int revision, Plan plan, String override, boolean undo) {
        if (revision == def.stableRevision()) {
            throw LegendsException.invalid(def.name() + ": revision " + revision + " is already stable; nothing to release");
        }
        // A pending scale-down of the revision being released (an earlier abort of it, say) must not fire later.
        for (ReleaseRow old : store.unfinished()) {
            Progress p = old.progress();
            if (old.app().equals(def.name()) && p.cleanupRevision != null && (p.cleanupRevision == revision
                    || p.cleanupRevision == def.stableRevision())) {
                p.cleanupDone = true;
                store.save(old, List.of(TimelineEntry.of(clock.millis(), null, "scale-down of revision " + p.cleanupRevision
                        + " cancelled: release of revision " + revision + " uses it")));
            }
        }
        long now = clock.millis();
        Progress p = new Progress();
        p.stepStartedMs = now;
        Map<String, Object> strategy = def.strategy();
        ReleaseRow row = new ReleaseRow(0, def.name(), revision, def.stableRevision(), def.replicas(), plan.kind().field(), undo,
                strategy, override, Phase.PROGRESSING, 0, "started", now, now, null, p);
        String first = (undo ? "undo to revision " : "release of revision ") + revision + " started (" + plan.kind().field()
                + (def.stableRevision() == 0 ? ", first revision" : ", stable is revision " + def.stableRevision()) + ") on "
                + ports.platform().name() + "; step 1/" + plan.steps().size() + ": " + plan.steps().getFirst().describe();
        ReleaseRow saved = store.insert(row, first);
        plans.put(saved.id(), plan);
        LOG.info("{}: {}", def.name(), first);
        ReleaseRow after = reconcile(saved);
        return Views.status(after, plan, ports);
    }

    /** Runs one reconcile of {@code row} and persists what changed; returns the saved row. */
    private ReleaseRow reconcile(ReleaseRow row) {
        Optional<AppDefinition> def = ports.catalog().app(row.app());
        Plan plan = planOf(row);
        if (def.isEmpty()) {
            // The app was deleted with its instances and route: nothing is left to roll back or scale down.
            Progress p = row.progress();
            p.cleanupDone = true;
            if (p.rolledBackMs == null) {
                p.abortedMs = p.abortedMs == null ? clock.millis() : p.abortedMs;
                p.rolledBackMs = clock.millis();
            }
            ReleaseRow gone = row.phase().active()
                    ? row.with(Phase.ABORTED, row.step(), "aborted: app " + row.app() + " no longer exists", clock.millis(), clock.millis())
                    : row;
            store.save(gone, List.of(TimelineEntry.of(clock.millis(), null, "the app was deleted")));
            return gone;
        }
        String before = fingerprint(row);
        Rollout r = new Rollout(ports, row, plan, def.get(), new Observed(ports.platform().instances(row.app())), clock.instant());
        r.reconcile();
        ReleaseRow after = r.row;
        // Bookkeeping alone (instance-seconds, last observation) is saved every few seconds, not every tick.
        if (!r.entries.isEmpty() || !fingerprint(after).equals(before) || clock.millis() - after.updatedMs() >= 5000
                || after.phase() != row.phase() || after.step() != row.step()) {
            ReleaseRow stamped = after.with(after.phase(), after.step(), after.message(), clock.millis(), after.endedMs());
            store.save(stamped, r.entries);
            for (TimelineEntry e : r.entries) {
                LOG.info("{} release {}: {}{}", row.app(), row.id(), e.message(), e.weights() == null ? "" : " [" + e.weights() + "]");
            }
            return stamped;
        }
        return after;
    }

    private static String fingerprint(ReleaseRow row) {
        Progress p = row.progress();
        long observed = p.lastObservedMs;
        double extra = p.extraInstanceSeconds;
        p.lastObservedMs = 0;
        p.extraInstanceSeconds = 0;
        try {
            return row.phase() + "/" + row.step() + "/" + row.message() + "/" + Json.compact(p);
        } finally {
            p.lastObservedMs = observed;
            p.extraInstanceSeconds = extra;
        }
    }

    private Plan planOf(ReleaseRow row) {
        return plans.computeIfAbsent(row.id(), id -> {
            if (row.stableRevision() == 0) {
                return initialPlan(row.kind());
            }
            return row.undo() ? Plans.undo(row.strategy(), row.replicas()) : Plans.plan(row.strategy(), row.override(), row.replicas());
        });
    }

    private Plan plan(AppDefinition def, String override, int stable) {
        Plan p = Plans.plan(def.strategy(), override, def.replicas());
        return stable == 0 ? initialPlan(p.kind().field()) : p;
    }

    /** An app's first revision has nothing to compare with or fall back to: it is started and routed. */
    private static Plan initialPlan(String kind) {
        return new Plan(Plans.kind(kind), List.of(new Step.ScaleUpNew(null), new Step.SwitchAll(), new Step.Finish(Duration.ZERO)),
                Duration.ZERO);
    }

    private int previousStable(AppDefinition def) {
        List<ReleaseRow> done = new ArrayList<>(store.history(def.name()));
        for (ReleaseRow r : done.reversed()) {
            if (r.phase() == Phase.COMPLETED && r.revision() == def.stableRevision() && r.stableRevision() != 0) {
                return r.stableRevision();
            }
        }
        return ports.catalog().revisions(def.name()).stream().mapToInt(RevisionRef::revision).filter(n -> n < def.stableRevision())
                .max().orElseThrow(() -> LegendsException.precondition(def.name() + ": no revision before " + def.stableRevision()
                        + " to undo to"));
    }

    private AppDefinition app(String name) {
        if (name == null || name.isBlank()) {
            throw LegendsException.invalid("an app name is required");
        }
        return ports.catalog().app(name).orElseThrow(() -> LegendsException.notFound("app " + name + " not found"));
    }

    private void checkIdle(String app) {
        store.latest(app).filter(r -> r.phase().active()).ifPresent(r -> {
            throw LegendsException.precondition(app + ": release " + r.id() + " of revision " + r.revision() + " is "
                    + r.phase().name().toLowerCase() + "; promote, abort or wait for it first");
        });
    }

    private ReleaseRow latest(String app) {
        return store.latest(app).orElseThrow(() -> LegendsException.notFound(app + ": no release yet"));
    }

    private <T> T locked(java.util.function.Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

}
