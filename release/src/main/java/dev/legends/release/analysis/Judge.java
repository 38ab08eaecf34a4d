package dev.legends.release.analysis;

import dev.legends.workload.port.VersionMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * A canary judge after Kayenta's NetflixACAJudge: each metric of the canary is compared with the
 * stable revision over the same window by a Mann–Whitney U test; a metric whose canary is
 * significantly higher (worse) by more than the tolerance scores 0, otherwise 100; the overall
 * score is their mean, read against the pass and marginal thresholds. A metric without data in
 * either revision makes the verdict NO_DATA (inconclusive), never a pass.
 */
public final class Judge {
    public static final String LATENCY = "latency";
    public static final String ERRORS = "errors";
    /** Samples drawn from one histogram at most; counts are scaled down proportionally above it. */
    static final int MAX_SAMPLES = 4000;

    private Judge() {}

    public enum Outcome { PASS, MARGINAL, FAIL, NO_DATA }

    /**
     * @param classification "Pass", "High" (canary worse), "Low" (canary better) or "NoData"
     * @param canary the canary's mean (latency in ms, or error rate)
     */
    public record MetricScore(String metric, String classification, double pValue, double canary, double stable, double score) {}

    public record Verdict(double score, Outcome outcome, List<MetricScore> metrics) {}

    public static Verdict judge(AnalysisSpec.JudgeSpec spec, VersionMetrics canary, VersionMetrics stable) {
        List<MetricScore> scores = new ArrayList<>();
        boolean noData = false;
        for (String metric : spec.metrics()) {
            MetricScore s = score(metric, spec, canary, stable);
            noData |= s.classification().equals("NoData");
            scores.add(s);
        }
        if (noData || scores.isEmpty()) {
            return new Verdict(Double.NaN, Outcome.NO_DATA, scores);
        }
        double total = scores.stream().mapToDouble(MetricScore::score).average().orElse(0);
        Outcome o = total >= spec.passScore() ? Outcome.PASS : total >= spec.marginalScore() ? Outcome.MARGINAL : Outcome.FAIL;
        return new Verdict(total, o, scores);
    }

    private static MetricScore score(String metric, AnalysisSpec.JudgeSpec spec, VersionMetrics canary, VersionMetrics stable) {
        boolean latency = metric.equals(LATENCY);
        double[] c = latency ? latencySamples(canary) : errorSamples(canary);
        double[] s = latency ? latencySamples(stable) : errorSamples(stable);
        if (c.length == 0 || s.length == 0) {
            return new MetricScore(metric, "NoData", Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double cm = mean(c);
        double sm = mean(s);
        MannWhitney.Result r = MannWhitney.test(c, s);
        // Significance alone fails a canary on a difference nobody would notice once samples are many;
        // the tolerance is the effect size a person would call a regression.
        boolean worse = latency ? cm > sm * (1 + spec.tolerance()) : cm > sm + spec.tolerance() / 10;
        boolean better = cm < sm;
        String cls = r.pValue() < spec.alpha() && worse ? "High" : r.pValue() < spec.alpha() && better ? "Low" : "Pass";
        return new MetricScore(metric, cls, r.pValue(), cm, sm, cls.equals("High") ? 0 : 100);
    }

    /** Latency samples rebuilt from a histogram: each request at its bucket's midpoint. */
    public static double[] latencySamples(VersionMetrics m) {
        if (m == null) {
            return new double[0];
        }
        List<Long> counts = m.latencyCounts();
        List<Double> bounds = m.latencyBoundsMillis();
        long total = counts.stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return new double[0];
        }
        double scale = Math.min(1, MAX_SAMPLES / (double) total);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            long k = Math.round(counts.get(i) * scale);
            if (k == 0 && counts.get(i) > 0 && scale == 1) {
                k = 1;
            }
            double lo = i == 0 ? 0 : bounds.get(i - 1);
            // The overflow bucket has no upper bound: its lower bound is all that is known.
            double v = i == bounds.size() ? lo : (lo + bounds.get(i)) / 2;
            for (long j = 0; j < k; j++) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** One sample per request, 1 for an error and 0 for a success, scaled like the latency samples. */
    public static double[] errorSamples(VersionMetrics m) {
        if (m == null || m.requests() == 0) {
            return new double[0];
        }
        double scale = Math.min(1, MAX_SAMPLES / (double) m.requests());
        int errors = (int) Math.round(m.errors() * scale);
        int n = (int) Math.max(1, Math.round(m.requests() * scale));
        double[] out = new double[n];
        for (int i = 0; i < Math.min(errors, n); i++) {
            out[i] = 1;
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
