package dev.legends.release.analysis;

import dev.legends.core.LegendsException;
import dev.legends.release.manifest.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An analysis as the manifest writes it inline (Argo Rollouts' AnalysisTemplate fields, without
 * the separate object): threshold checks over windows and, optionally, a Kayenta-style judge.
 *
 * <pre>
 * analysis:
 *   metrics:
 *   - name: success
 *     metric: successRate          # errorRate, latencyP50/P90/P95/P99, requestRate
 *     of: canary                   # or stable
 *     successCondition: result >= 0.99   # or {min: 0.99}
 *     interval: 30s
 *     count: 3
 *     failureLimit: 0
 *     inconclusiveLimit: 0
 *   judge: {metrics: [latency, errors], passScore: 80, marginalScore: 60, interval: 60s, count: 1}
 * </pre>
 */
public record AnalysisSpec(List<Check> checks, JudgeSpec judge, Duration initialDelay) {
    public AnalysisSpec {
        checks = List.copyOf(checks);
    }

    /** Which revision a check reads. */
    public enum Target { CANARY, STABLE }

    public record Check(String name, Metric metric, Target target, Condition success, Condition failure,
                        Duration interval, int count, int failureLimit, int inconclusiveLimit) {}

    /**
     * @param alpha significance of the Mann–Whitney test
     * @param tolerance relative increase of the canary's mean latency (absolute for the error rate) that is allowed
     */
    public record JudgeSpec(List<String> metrics, double passScore, double marginalScore, Duration interval, int count,
                            double alpha, double tolerance) {}

    public static AnalysisSpec parse(Object raw, String field) {
        return parse(raw, field, false);
    }

    /**
     * @param unbounded a background analysis: without a count, checks measure for as long as the
     *     release runs, as Argo Rollouts' background analysis does
     */
    public static AnalysisSpec parse(Object raw, String field, boolean unbounded) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw LegendsException.invalid(field + ": an analysis must be an object with metrics and/or judge");
        }
        if (m.containsKey("templates")) {
            throw LegendsException.invalid(field + ": analysis templates are not supported; write the metrics inline");
        }
        List<Check> checks = new ArrayList<>();
        Object metrics = m.get("metrics");
        if (metrics != null) {
            if (!(metrics instanceof List<?> list)) {
                throw LegendsException.invalid(field + ".metrics must be a list");
            }
            for (int i = 0; i < list.size(); i++) {
                checks.add(check(list.get(i), field + ".metrics[" + i + "]", unbounded ? Integer.MAX_VALUE : 1));
            }
        }
        JudgeSpec judge = m.get("judge") == null ? null : judge(m.get("judge"), field + ".judge", unbounded ? Integer.MAX_VALUE : 1);
        if (checks.isEmpty() && judge == null) {
            throw LegendsException.invalid(field + ": an analysis needs metrics or a judge");
        }
        return new AnalysisSpec(checks, judge, Durations.parse(m.get("initialDelay"), field + ".initialDelay"));
    }

    private static Check check(Object raw, String field, int defaultCount) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw LegendsException.invalid(field + " must be an object");
        }
        Metric metric = Metric.parse(m.containsKey("metric") ? m.get("metric") : m.get("provider"), field + ".metric");
        String name = m.get("name") == null ? metric.wire() : m.get("name").toString();
        Condition success = Condition.parse(m.get("successCondition"), field + ".successCondition");
        Condition failure = Condition.parse(m.get("failureCondition"), field + ".failureCondition");
        if (success == null && failure == null) {
            throw LegendsException.invalid(field + ": a check needs successCondition or failureCondition");
        }
        Target target = target(m.get("of"), field + ".of");
        Duration interval = Durations.parse(m.containsKey("interval") ? m.get("interval") : "30s", field + ".interval");
        if (interval.isZero()) {
            throw LegendsException.invalid(field + ".interval must be above 0: a window needs a length");
        }
        return new Check(name, metric, target, success, failure, interval, positive(m.get("count"), defaultCount, field + ".count"),
                natural(m.get("failureLimit"), 0, field + ".failureLimit"),
                natural(m.get("inconclusiveLimit"), 0, field + ".inconclusiveLimit"));
    }

    private static JudgeSpec judge(Object raw, String field, int defaultCount) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw LegendsException.invalid(field + " must be an object");
        }
        List<String> metrics = new ArrayList<>();
        Object list = m.get("metrics");
        if (list == null) {
            metrics.addAll(List.of(Judge.LATENCY, Judge.ERRORS));
        } else if (list instanceof List<?> l) {
            for (Object o : l) {
                String s = String.valueOf(o);
                if (!s.equals(Judge.LATENCY) && !s.equals(Judge.ERRORS)) {
                    throw LegendsException.invalid(field + ".metrics: unknown metric '" + s + "' (latency or errors)");
                }
                metrics.add(s);
            }
        } else {
            throw LegendsException.invalid(field + ".metrics must be a list");
        }
        double pass = number(m.get("passScore"), 80, field + ".passScore");
        double marginal = number(m.get("marginalScore"), 60, field + ".marginalScore");
        if (marginal > pass || pass > 100 || marginal < 0) {
            throw LegendsException.invalid(field + ": need 0 <= marginalScore <= passScore <= 100");
        }
        Duration interval = Durations.parse(m.containsKey("interval") ? m.get("interval") : "60s", field + ".interval");
        if (interval.isZero()) {
            throw LegendsException.invalid(field + ".interval must be above 0");
        }
        return new JudgeSpec(List.copyOf(metrics), pass, marginal, interval, positive(m.get("count"), defaultCount, field + ".count"),
                number(m.get("alpha"), 0.05, field + ".alpha"), number(m.get("tolerance"), 0.1, field + ".tolerance"));
    }

    private static Target target(Object v, String field) {
        if (v == null) {
            return Target.CANARY;
        }
        return switch (v.toString().toLowerCase()) {
            case "canary", "new", "preview", "b", "green" -> Target.CANARY;
            case "stable", "baseline", "a", "blue" -> Target.STABLE;
            default -> throw LegendsException.invalid(field + ": '" + v + "' is neither canary nor stable");
        };
    }

    static int positive(Object v, int fallback, String field) {
        int n = natural(v, fallback, field);
        if (n < 1) {
            throw LegendsException.invalid(field + " must be at least 1");
        }
        return n;
    }

    static int natural(Object v, int fallback, String field) {
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
            throw LegendsException.invalid(field + ": '" + v + "' must be a whole number >= 0");
        }
        return n.intValue();
    }

    static double number(Object v, double fallback, String field) {
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw LegendsException.invalid(field + ": '" + v + "' is not a number");
        }
        return n.doubleValue();
    }
}
