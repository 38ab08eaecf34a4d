package dev.legends.release;

import dev.legends.release.analysis.AnalysisSpec;
import dev.legends.release.manifest.Durations;
import dev.legends.release.strategy.Plan;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.RevisionRef;
import dev.legends.workload.port.VersionMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One reconcile of one release: the observed instances and route gathered once, then the flat
 * sequence Argo Rollouts runs (measure, then the current step or the rollback or the clean-up).
 * Everything it changes lands in {@link #row} and {@link #entries}, which the caller persists.
 */
final class Rollout {
    final Ports ports;
    final Plan plan;
    final AppDefinition app;
    final Observed seen;
    final long now;
    final List<TimelineEntry> entries = new ArrayList<>();
    ReleaseRow row;
    private Optional<AppRoute> route;
    private final Map<Integer, RevisionRef> refs = new HashMap<>();

    Rollout(Ports ports, ReleaseRow row, Plan plan, AppDefinition app, Observed seen, Instant now) {
        this.ports = ports;
        this.row = row;
        this.plan = plan;
        this.app = app;
        this.seen = seen;
        this.now = now.toEpochMilli();
    }

    Progress p() {
        return row.progress();
    }

    int replicas() {
        return app.replicas();
    }

    int stable() {
        return row.stableRevision();
    }

    int next() {
        return row.revision();
    }

    void reconcile() {
        account();
        switch (row.phase()) {
            case PROGRESSING -> new StepRunner(this).run();
            case PAUSED -> { }
            case ABORTED -> rollBack();
            case COMPLETED -> cleanUp();
        }
        if (p().downSinceMs != null) {
            downtime();
        }
    }

    /** What the report measures, from observations: instances above the app's count, and time with nothing to serve. */
    private void account() {
        Progress p = p();
        Set<String> serving = new HashSet<>();
        for (Instance i : seen.instances()) {
            if (Observed.serving(i)) {
                serving.add(i.name());
                p.readySince.putIfAbsent(i.name(), now);
            }
        }
        p.readySince.keySet().retainAll(serving);
        boolean measuring = row.phase().active() || (row.phase() == Phase.ABORTED && p.rolledBackMs == null);
        if (measuring) {
            int live = seen.liveTotal();
            p.peakInstances = Math.max(p.peakInstances, live);
            if (p.lastObservedMs > 0 && now > p.lastObservedMs) {
                p.extraInstanceSeconds += Math.max(0, live - replicas()) * (now - p.lastObservedMs) / 1000.0;
            }
            p.lastObservedMs = now;
            downtime();
        } else {
            p.lastObservedMs = 0;
        }
    }

    /**
     * Opens or closes a downtime interval: the route sends traffic only to revisions with no ready
     * instance. Checked before the step and again after it, so a switch that ends the gap counts
     * in the tick it happened.
     */
    private void downtime() {
        Progress p = p();
        Optional<AppRoute> r = currentRoute();
        if (r.isEmpty() || stable() == 0) {
            return;
        }
        boolean served = r.get().backends().stream().anyMatch(b -> b.weight() > 0 && seen.ready(b.revision()) > 0);
        if (!served && p.downSinceMs == null) {
            p.downSinceMs = now;
            note("no ready instance behind the route: requests fail from now");
        } else if (served && p.downSinceMs != null) {
            long down = now - p.downSinceMs;
            p.downtimeMs += down;
            p.downSinceMs = null;
            note("serving again after " + down + " ms of downtime");
        }
    }

    /** Aborts: all traffic to stable as soon as stable can take it, the new revision scaled down after a delay. */
    void abort(String reason) {
        Progress p = p();
        p.abortedMs = now;
        p.analysis = null;
        p.pauseReason = null;
        p.pauseKind = null;
        row = row.with(Phase.ABORTED, row.step(), "aborted: " + reason, now, now);
        note("aborted: " + reason);
        try {
            rollBack();
        } catch (RuntimeException e) {
            // The abort itself must stick: the rollback is retried on every tick until the port answers.
            note("rollback pending: " + e.getMessage());
        }
    }

    private void rollBack() {
        Progress p = p();
        if (p.rolledBackMs != null) {
            cleanUp();
            return;
        }
        if (stable() == 0) {
            p.rolledBackMs = now;
            scheduleCleanUp(next(), plan.abortScaleDownDelay().toMillis());
            note("nothing to roll back to: this was the app's first revision");
            return;
        }
        if (ports.platform().desired(app.name(), stable()) < replicas()) {
            scale(stable(), replicas());
        }
        int stableReady = seen.ready(stable());
        int newReady = seen.ready(next());
        // Canary, blue/green, A/B and shadow kept stable whole: the switch back is one apply.
        // Recreate and ramped took stable down, so traffic follows its instances as they return.
        boolean whole = stableReady >= replicas() || (stableReady > 0 && newReady == 0);
        if (whole) {
            apply(Routes.single(app, plan.kind().stableVersion(), stable()));
            p.rolledBackMs = now;
            row = row.with(Phase.ABORTED, row.step(), row.message(), now, row.endedMs());
            note("rolled back: all traffic to revision " + stable() + ", " + (now - p.abortedMs) + " ms after the abort");
            scheduleCleanUp(next(), plan.abortScaleDownDelay().toMillis());
        } else if (stableReady > 0) {
            apply(Routes.split(app, plan.kind().stableVersion(), stable(), plan.kind().newVersion(), next(),
                    Routes.byReadiness(stableReady, newReady), List.of(), null));
        }
    }

    void scheduleCleanUp(int revision, long delayMs) {
        Progress p = p();
        p.cleanupRevision = revision;
        p.cleanupAtMs = now + delayMs;
        p.cleanupDone = false;
        if (delayMs > 0) {
            note("revision " + revision + " scales down in " + Durations.format(java.time.Duration.ofMillis(delayMs)));
        }
        cleanUp();
    }

    private void cleanUp() {
        Progress p = p();
        if (p.cleanupDone || p.cleanupRevision == null || now < p.cleanupAtMs) {
            return;
        }
        scale(p.cleanupRevision, 0);
        p.cleanupDone = true;
        note("scaled revision " + p.cleanupRevision + " down");
    }

    // ---- what steps use ----

    Optional<AppRoute> currentRoute() {
        if (route == null) {
            route = ports.router().current(app.name());
        }
        return route;
    }

    /** Applies {@code r} unless the router already has it, and writes the weights into the timeline. */
    void apply(AppRoute r) {
        if (currentRoute().filter(r::equals).isPresent()) {
            return;
        }
        ports.router().apply(r);
        route = Optional.of(r);
        entries.add(new TimelineEntry(now, row.step(), row.phase().name(), Routes.describe(r), "route applied"));
    }

    void scale(int revision, int replicas) {
        if (ports.platform().desired(app.name(), revision) == replicas) {
            return;
        }
        ports.platform().scale(ref(revision), replicas);
        note("scale revision " + revision + " to " + replicas);
    }

    RevisionRef ref(int revision) {
        return refs.computeIfAbsent(revision, r -> ports.catalog().revision(app.name(), r));
    }

    VersionMetrics query(AnalysisSpec.Target target, Instant from, Instant to) {
        int rev = target == AnalysisSpec.Target.STABLE ? stable() : next();
        return ports.metrics().query(app.name(), rev, from, to);
    }

    /** Serving instances of {@code revision} that have been ready for at least {@code minReadyMs}. */
    int available(int revision, long minReadyMs) {
        int n = 0;
        for (Instance i : seen.instances()) {
            if (i.revision() == revision && Observed.serving(i)) {
                Long since = p().readySince.get(i.name());
                if (since != null && now - since >= minReadyMs) {
                    n++;
                }
            }
        }
        return n;
    }

    void note(String message) {
        entries.add(new TimelineEntry(now, row.step(), row.phase().name(), null, message));
    }
}
