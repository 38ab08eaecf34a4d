package dev.legends.release;

import dev.legends.release.analysis.AnalysisRun;
import dev.legends.release.manifest.Durations;
import dev.legends.release.strategy.Step;
import dev.legends.release.strategy.Weights;
import dev.legends.workload.port.MirrorStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the current step of a progressing release, and the next ones while they finish at once.
 * Each step is idempotent: a controller restarted half-way through one runs it again from the
 * persisted index and state, and re-applying a route or a scale it already made changes nothing.
 */
final class StepRunner {
    private final Rollout r;

    StepRunner(Rollout r) {
        this.r = r;
    }

    /** What a step decided on this tick. */
    sealed interface Outcome {
        record Wait(String message) implements Outcome {}

        record Next() implements Outcome {}

        record Pause(String reason, String kind) implements Outcome {}

        record Abort(String reason) implements Outcome {}
    }

    private static final Outcome NEXT = new Outcome.Next();

    void run() {
        List<Step> steps = r.plan.steps();
        if (!handle(background())) {
            return;
        }
        for (int guard = 0; guard <= steps.size() && r.row.phase() == Phase.PROGRESSING; guard++) {
            if (r.row.step() >= steps.size()) {
                complete();
                return;
            }
            Step step = steps.get(r.row.step());
            Outcome o = step(step);
            if (o instanceof Outcome.Next) {
                advance(step);
            } else {
                handle(o);
                return;
            }
        }
    }

    /** Applies a waiting, pausing or aborting outcome; true if the release may go on this tick. */
    private boolean handle(Outcome o) {
        switch (o) {
            case Outcome.Wait w -> r.row = r.row.with(Phase.PROGRESSING, r.row.step(), w.message(), r.now, null);
            case Outcome.Next n -> {
                return true;
            }
            case Outcome.Pause p -> {
                r.p().pauseReason = p.reason();
                r.p().pauseKind = p.kind();
                r.row = r.row.with(Phase.PAUSED, r.row.step(), "paused: " + p.reason(), r.now, null);
                r.note("paused: " + p.reason());
            }
            case Outcome.Abort a -> r.abort(a.reason());
        }
        return false;
    }

    /** Canary's background analysis: measured alongside the steps from its starting step on. */
    private Outcome background() {
        var bg = r.plan.background();
        Progress p = r.p();
        if (bg == null || p.backgroundDone || p.full || r.row.step() + 1 < bg.startingStep()) {
            return NEXT;
        }
        if (p.background == null) {
            p.background = AnalysisRun.start(bg.spec(), Instant.ofEpochMilli(r.now));
            r.note("background analysis: started");
        }
        AnalysisRun run = p.background.advance(bg.spec(), Instant.ofEpochMilli(r.now), r::query);
        noteMeasurements("background analysis", p.background, run);
        p.background = run;
        if (run.phase() == AnalysisRun.Phase.RUNNING) {
            return NEXT;
        }
        p.backgroundDone = run.phase() == AnalysisRun.Phase.SUCCESSFUL;
        p.analyses.add(new Progress.AnalysisOutcome(r.row.step() + 1, "background analysis", run.phase().name(), run.message(), run.metrics()));
        return switch (run.phase()) {
            case FAILED -> new Outcome.Abort("background analysis failed: " + run.message());
            case INCONCLUSIVE -> new Outcome.Pause("background analysis inconclusive: " + run.message()
                    + "; resume to measure again, promote to go on without it", "background");
            default -> NEXT;
        };
    }

    private void noteMeasurements(String label, AnalysisRun before, AnalysisRun after) {
        for (int i = 0; i < after.metrics().size(); i++) {
            AnalysisRun.MetricRun m = after.metrics().get(i);
            int old = before.metrics().get(i).measurements().size();
            m.measurements().stream().skip(old)
                    .forEach(x -> r.note(label + ": " + m.name() + " " + x.phase().name().toLowerCase() + ", " + x.detail()));
        }
    }

    private void advance(Step done) {
        int next = r.row.step() + 1;
        r.p().stepStartedMs = r.now;
        r.p().analysis = null;
        r.row = r.row.with(Phase.PROGRESSING, next, "step " + (next + 1) + " of " + r.plan.steps().size(), r.now, null);
        if (next < r.plan.steps().size()) {
            r.note("step " + (next + 1) + "/" + r.plan.steps().size() + ": " + r.plan.steps().get(next).describe());
        }
    }

    private void complete() {
        r.row = r.row.with(Phase.COMPLETED, r.plan.steps().size(), "completed: revision " + r.next() + " is stable", r.now, r.now);
        r.note("completed: revision " + r.next() + " is stable");
    }

    private Outcome step(Step step) {
        boolean skippable = !(step instanceof Step.ScaleUpNew || step instanceof Step.RollingUpdate || step instanceof Step.SwitchAll
                || step instanceof Step.Finish || step instanceof Step.ScaleDownStable);
        if (r.p().full && skippable) {
            return NEXT;
        }
        return switch (step) {
            case Step.ScaleDownStable s -> scaleDownStable();
            case Step.ScaleUpNew s -> scaleUpNew(s);
            case Step.RollingUpdate s -> new Rolling(r, s).step();
            case Step.SetWeight s -> setWeight(s.perMille());
            case Step.SetCanaryScale s -> setCanaryScale(s);
            case Step.Pause s -> pause(s);
            case Step.Analysis s -> analysis(s);
            case Step.Preview s -> {
                r.apply(Routes.split(r.app, r.plan.kind().stableVersion(), r.stable(), r.plan.kind().newVersion(), r.next(), 0,
                        List.of(s.match()), null));
                yield NEXT;
            }
            case Step.AbRoute s -> {
                r.apply(Routes.split(r.app, r.plan.kind().stableVersion(), r.stable(), r.plan.kind().newVersion(), r.next(),
                        s.sharePerMille(), s.matches(), s.sticky()));
                yield NEXT;
            }
            case Step.Mirror s -> {
                r.apply(Routes.mirror(r.app, r.plan.kind().stableVersion(), r.stable(), r.plan.kind().newVersion(), r.next(),
                        s.percent(), s.compare()));
                yield NEXT;
            }
            case Step.ShadowCompare s -> shadowCompare(s);
            case Step.SwitchAll s -> switchAll();
            case Step.Finish s -> finish(s);
        };
    }

    private Outcome scaleDownStable() {
        if (r.stable() == 0) {
            return NEXT;
        }
        r.scale(r.stable(), 0);
        int left = r.seen.present(r.stable());
        return left > 0 ? new Outcome.Wait("waiting for " + left + " instance(s) of revision " + r.stable() + " to stop") : NEXT;
    }

    private Outcome scaleUpNew(Step.ScaleUpNew s) {
        int target = s.replicas() == null ? r.replicas() : s.replicas();
        r.scale(r.next(), target);
        int ready = r.seen.ready(r.next());
        return ready >= target ? NEXT : new Outcome.Wait("revision " + r.next() + ": " + ready + "/" + target + " ready");
    }

    /** Canary pods follow the traffic weight unless setCanaryScale fixed them. */
    int canaryInstances(int perMille) {
        Progress p = r.p();
        if (p.canaryScaleReplicas != null) {
            return p.canaryScaleReplicas;
        }
        if (p.canaryScalePercent != null) {
            return Weights.instancesFor(p.canaryScalePercent * 10, r.replicas());
        }
        return Weights.instancesFor(perMille, r.replicas());
    }

    private Outcome setWeight(int perMille) {
        int target = canaryInstances(perMille);
        r.scale(r.next(), target);
        int ready = r.seen.ready(r.next());
        if (ready < target) {
            return new Outcome.Wait("setWeight " + Weights.percent(perMille) + ": canary " + ready + "/" + target + " ready");
        }
        if (perMille > 0 && ready == 0) {
            return new Outcome.Wait("setWeight " + Weights.percent(perMille) + ": the canary has no ready instance to take traffic");
        }
        r.apply(Routes.split(r.app, r.plan.kind().stableVersion(), r.stable(), r.plan.kind().newVersion(), r.next(), perMille,
                List.of(), null));
        r.p().canaryWeight = perMille;
        return NEXT;
    }

    private Outcome setCanaryScale(Step.SetCanaryScale s) {
        Progress p = r.p();
        p.canaryScaleReplicas = s.matchTrafficWeight() ? null : s.replicas();
        p.canaryScalePercent = s.matchTrafficWeight() ? null : s.weightPercent();
        r.scale(r.next(), canaryInstances(p.canaryWeight));
        return NEXT;
    }

    private Outcome pause(Step.Pause s) {
        if (s.duration() == null) {
            return new Outcome.Pause(s.reason() == null ? "step " + (r.row.step() + 1) + ": promote to continue" : s.reason(), "step");
        }
        long left = r.p().stepStartedMs + s.duration().toMillis() - r.now;
        return left <= 0 ? NEXT : new Outcome.Wait("pause " + Durations.format(s.duration()) + ": " + Durations.format(Duration.ofMillis(left)) + " left");
    }

    private Outcome analysis(Step.Analysis s) {
        Progress p = r.p();
        if (p.analysis == null) {
            p.analysis = AnalysisRun.start(s.spec(), Instant.ofEpochMilli(r.now));
            r.note(s.label() + ": started");
        }
        AnalysisRun run = p.analysis.advance(s.spec(), Instant.ofEpochMilli(r.now), r::query);
        noteMeasurements(s.label(), p.analysis, run);
        int after = run.metrics().stream().mapToInt(m -> m.measurements().size()).sum();
        p.analysis = run;
        if (run.phase() == AnalysisRun.Phase.RUNNING) {
            return new Outcome.Wait(s.label() + ": " + after + " measurement(s) taken");
        }
        p.analyses.add(new Progress.AnalysisOutcome(r.row.step() + 1, s.label(), run.phase().name(), run.message(), run.metrics()));
        r.note(s.label() + ": " + run.phase().name().toLowerCase() + " (" + run.message() + ")");
        return switch (run.phase()) {
            case SUCCESSFUL -> NEXT;
            case FAILED -> new Outcome.Abort(s.label() + " failed: " + run.message());
            default -> new Outcome.Pause(s.label() + " inconclusive: " + run.message() + "; resume to measure again, promote to go on",
                    "inconclusive");
        };
    }

    private Outcome shadowCompare(Step.ShadowCompare s) {
        Progress p = r.p();
        Instant from = Instant.ofEpochMilli(p.stepStartedMs);
        Optional<MirrorStats> stats = r.ports.metrics().mirror(r.app.name(), r.next(), from, Instant.ofEpochMilli(r.now));
        p.mirror = stats.orElse(null);
        boolean over = r.now - p.stepStartedMs >= s.duration().toMillis();
        if (stats.isPresent() && stats.get().mirrored() > 0) {
            MirrorStats m = stats.get();
            double errorRate = m.errors() / (double) m.mirrored();
            double diffRate = m.compared() == 0 ? 0 : m.differences() / (double) m.compared();
            // Early verdicts need enough requests that one unlucky error is not a rate.
            boolean enough = over || m.mirrored() >= 100;
            if (enough && errorRate > s.maxErrorRate()) {
                return new Outcome.Abort("shadow errors " + pct(errorRate) + " of " + m.mirrored() + " mirrored requests (limit "
                        + pct(s.maxErrorRate()) + ")");
            }
            if (enough && m.compared() > 0 && diffRate > s.maxDifferenceRate()) {
                return new Outcome.Abort("shadow responses differ in " + pct(diffRate) + " of " + m.compared() + " compared (limit "
                        + pct(s.maxDifferenceRate()) + ")" + (m.samples().isEmpty() ? "" : ": " + m.samples().getFirst()));
            }
            if (over) {
                r.note("shadow: " + m.mirrored() + " mirrored, " + m.errors() + " errors, " + m.differences() + "/" + m.compared()
                        + " differed, p99 " + Math.round(m.p99Millis()) + " ms");
                return NEXT;
            }
            return new Outcome.Wait("shadow: " + m.mirrored() + " mirrored, " + m.errors() + " errors, " + m.differences() + " differed");
        }
        if (over) {
            return new Outcome.Pause("no mirrored requests in " + Durations.format(s.duration())
                    + ": inconclusive; resume to watch again, promote to go on", "inconclusive");
        }
        return new Outcome.Wait("shadow: waiting for mirrored requests");
    }

    private static String pct(double v) {
        return Math.round(v * 1000) / 10.0 + "%";
    }

    private Outcome switchAll() {
        if (r.seen.ready(r.next()) == 0) {
            return new Outcome.Wait("waiting for a ready instance of revision " + r.next() + " before switching");
        }
        r.apply(Routes.single(r.app, r.plan.kind().stableVersion(), r.next()));
        return NEXT;
    }

    private Outcome finish(Step.Finish s) {
        r.ports.catalog().markStable(r.app.name(), r.next());
        r.note("revision " + r.next() + " marked stable");
        if (r.stable() != 0 && r.stable() != r.next()) {
            r.scheduleCleanUp(r.stable(), s.scaleDownDelay().toMillis());
        }
        return NEXT;
    }
}
