package dev.legends.release.analysis;

import dev.legends.workload.port.VersionMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The progress of one analysis, as a value the controller persists between ticks: measurements
 * are taken at {@code start + initialDelay + interval × (n+1)} over the interval just ended, so a
 * controller that was down catches up on the windows it missed instead of skipping them.
 */
public record AnalysisRun(long startMillis, List<MetricRun> metrics, Phase phase, String message) {
    public AnalysisRun {
        metrics = List.copyOf(metrics);
    }

    public enum Phase { RUNNING, SUCCESSFUL, FAILED, INCONCLUSIVE }

    /** One taken measurement: the value (NaN without data), its phase and, for a judge, the score detail. */
    public record Measurement(long fromMillis, long toMillis, double value, Phase phase, String detail) {}

    public record MetricRun(String name, List<Measurement> measurements, Phase phase) {
        public MetricRun {
            measurements = List.copyOf(measurements);
        }

        long count(Phase p) {
            return measurements.stream().filter(m -> m.phase() == p).count();
        }
    }

    /** Where measurements come from: one revision's traffic over a window. */
    @FunctionalInterface
    public interface Source {
        VersionMetrics query(AnalysisSpec.Target target, Instant from, Instant to);
    }

    public static AnalysisRun start(AnalysisSpec spec, Instant now) {
        List<MetricRun> runs = new ArrayList<>();
        spec.checks().forEach(c -> runs.add(new MetricRun(c.name(), List.of(), Phase.RUNNING)));
        if (spec.judge() != null) {
            runs.add(new MetricRun("judge", List.of(), Phase.RUNNING));
        }
        return new AnalysisRun(now.toEpochMilli(), runs, Phase.RUNNING, "started");
    }

    /** Takes every measurement that is due by {@code now} and decides the run's phase. */
    public AnalysisRun advance(AnalysisSpec spec, Instant now, Source source) {
        if (phase != Phase.RUNNING) {
            return this;
        }
        long base = startMillis + (spec.initialDelay() == null ? 0 : spec.initialDelay().toMillis());
        List<MetricRun> next = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            MetricRun run = metrics.get(i);
            if (i < spec.checks().size()) {
                AnalysisSpec.Check c = spec.checks().get(i);
                next.add(measureCheck(c, run, base, now, source));
            } else {
                next.add(measureJudge(spec.judge(), run, base, now, source));
            }
        }
        Phase overall = Phase.SUCCESSFUL;
        String message = "all checks passed";
        for (MetricRun r : next) {
            if (r.phase() == Phase.FAILED) {
                return new AnalysisRun(startMillis, next, Phase.FAILED, r.name() + " failed: " + last(r));
            }
        }
        for (MetricRun r : next) {
            if (r.phase() == Phase.INCONCLUSIVE) {
                overall = Phase.INCONCLUSIVE;
                message = r.name() + " inconclusive: " + last(r);
            } else if (r.phase() == Phase.RUNNING && overall == Phase.SUCCESSFUL) {
                overall = Phase.RUNNING;
                message = "measuring";
            }
        }
        return new AnalysisRun(startMillis, next, overall, message);
    }

    private static String last(MetricRun r) {
        return r.measurements().isEmpty() ? "no measurement" : r.measurements().getLast().detail();
    }

    private static MetricRun measureCheck(AnalysisSpec.Check c, MetricRun run, long base, Instant now, Source source) {
        List<Measurement> ms = new ArrayList<>(run.measurements());
        Phase phase = run.phase();
        while (phase == Phase.RUNNING && ms.size() < c.count()) {
            long from = base + c.interval().toMillis() * ms.size();
            long to = from + c.interval().toMillis();
            if (now.toEpochMilli() < to) {
                break;
            }
            VersionMetrics vm = source.query(c.target(), Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
            double v = c.metric().value(vm);
            Phase p = evaluate(c, v);
            String detail = Double.isNaN(v)
                    ? "no requests to " + c.target().name().toLowerCase() + " in " + Duration.ofMillis(to - from).toSeconds() + "s"
                    : c.metric().wire() + " = " + round(v) + " (" + describe(c) + ")";
            ms.add(new Measurement(from, to, v, p, detail));
            MetricRun tmp = new MetricRun(run.name(), ms, Phase.RUNNING);
            if (tmp.count(Phase.FAILED) > c.failureLimit()) {
                phase = Phase.FAILED;
            } else if (tmp.count(Phase.INCONCLUSIVE) > c.inconclusiveLimit()) {
                phase = Phase.INCONCLUSIVE;
            } else if (ms.size() >= c.count()) {
                phase = Phase.SUCCESSFUL;
            }
        }
        return new MetricRun(run.name(), ms, phase);
    }

    /** Argo Rollouts' rules: failure wins; with both conditions, neither holding is inconclusive. */
    static Phase evaluate(AnalysisSpec.Check c, double v) {
        if (Double.isNaN(v)) {
            return Phase.INCONCLUSIVE;
        }
        if (c.failure() != null && c.failure().test(v)) {
            return Phase.FAILED;
        }
        if (c.success() != null) {
            if (c.success().test(v)) {
                return Phase.SUCCESSFUL;
            }
            return c.failure() == null ? Phase.FAILED : Phase.INCONCLUSIVE;
        }
        return Phase.SUCCESSFUL;
    }

    private static MetricRun measureJudge(AnalysisSpec.JudgeSpec j, MetricRun run, long base, Instant now, Source source) {
        List<Measurement> ms = new ArrayList<>(run.measurements());
        Phase phase = run.phase();
        while (phase == Phase.RUNNING && ms.size() < j.count()) {
            long from = base + j.interval().toMillis() * ms.size();
            long to = from + j.interval().toMillis();
            if (now.toEpochMilli() < to) {
                break;
            }
            Instant f = Instant.ofEpochMilli(from);
            Instant t = Instant.ofEpochMilli(to);
            Judge.Verdict v = Judge.judge(j, source.query(AnalysisSpec.Target.CANARY, f, t), source.query(AnalysisSpec.Target.STABLE, f, t));
            Phase p = switch (v.outcome()) {
                case PASS -> Phase.SUCCESSFUL;
                case FAIL -> Phase.FAILED;
                case MARGINAL, NO_DATA -> Phase.INCONCLUSIVE;
            };
            StringBuilder d = new StringBuilder(v.outcome() == Judge.Outcome.NO_DATA ? "no data" : "score " + Math.round(v.score()));
            for (Judge.MetricScore s : v.metrics()) {
                d.append(", ").append(s.metric()).append(' ').append(s.classification());
                if (!s.classification().equals("NoData")) {
                    d.append(" (canary ").append(round(s.canary())).append(" vs stable ").append(round(s.stable()))
                            .append(", p=").append(round(s.pValue())).append(')');
                }
            }
            ms.add(new Measurement(from, to, v.score(), p, d.toString()));
            if (p != Phase.SUCCESSFUL || ms.size() >= j.count()) {
                phase = p;
            }
        }
        return new MetricRun(run.name(), ms, phase);
    }

    private static String describe(AnalysisSpec.Check c) {
        if (c.success() != null && c.failure() != null) {
            return "success " + c.success() + ", failure " + c.failure();
        }
        return c.success() != null ? "success " + c.success() : "failure " + c.failure();
    }

    static String round(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return Math.abs(v) >= 100 ? String.valueOf(Math.round(v)) : String.valueOf(Math.round(v * 10000) / 10000.0);
    }
}
