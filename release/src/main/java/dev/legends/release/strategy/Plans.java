package dev.legends.release.strategy;

import dev.legends.release.manifest.Durations;
import dev.legends.core.LegendsException;
import dev.legends.release.analysis.AnalysisSpec;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.RouteMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compiles {@code spec.strategy} into a {@link Plan}. The manifest names one strategy, Argo-style
 * ({@code canary: {steps: [...]}}) or Kubernetes-style ({@code type: RollingUpdate}); with
 * nothing, an app rolls like a Deployment. Every mistake is one message naming the field.
 */
public final class Plans {
    static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);
    static final Duration DEFAULT_ABORT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);
    static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofSeconds(600);

    private Plans() {}

    /** The kind a CLI name or manifest key names: "ramped" and "bluegreen" are accepted too. */
    public static Plan.Kind kind(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (n) {
            case "recreate" -> Plan.Kind.RECREATE;
            case "ramped", "rollingupdate", "rolling" -> Plan.Kind.ROLLING_UPDATE;
            case "bluegreen" -> Plan.Kind.BLUE_GREEN;
            case "canary" -> Plan.Kind.CANARY;
            case "ab", "abtesting" -> Plan.Kind.AB_TESTING;
            case "shadow" -> Plan.Kind.SHADOW;
            default -> throw LegendsException.invalid("unknown strategy '" + name + "' (one of "
                    + Arrays.stream(Plan.Kind.values()).map(Plan.Kind::field).collect(Collectors.joining(", ")) + ", or ramped)");
        };
    }

    /**
     * The plan for {@code strategy} (the manifest's spec.strategy), or for {@code override} when the
     * release names one: the manifest's settings for that kind are used if it has them.
     */
    public static Plan plan(Map<String, Object> strategy, String override, int replicas) {
        Map<String, Object> s = strategy == null ? Map.of() : strategy;
        Plan.Kind kind = override != null ? kind(override) : declaredKind(s);
        Map<String, Object> body = body(s, kind);
        Duration abortDelay = seconds(body, "abortScaleDownDelaySeconds", DEFAULT_ABORT_SCALE_DOWN_DELAY, kind.field());
        String f = "spec.strategy." + kind.field();
        List<Step> steps = switch (kind) {
            case RECREATE -> List.of(new Step.ScaleDownStable(), new Step.ScaleUpNew(null), new Step.SwitchAll(),
                    new Step.Finish(Duration.ZERO));
            case ROLLING_UPDATE -> rolling(body, replicas, f);
            case BLUE_GREEN -> blueGreen(body, f);
            case CANARY -> canary(body, replicas, f);
            case AB_TESTING -> abTesting(body, replicas, f);
            case SHADOW -> shadow(body, replicas, f);
        };
        Plan.Background background = null;
        if (kind == Plan.Kind.CANARY && body.get("analysis") != null) {
            Map<String, Object> a = map(body.get("analysis"), f + ".analysis");
            int starting = a.get("startingStep") == null ? 1 : natural(a.get("startingStep"), f + ".analysis.startingStep");
            if (starting < 1 || starting > steps.size()) {
                throw LegendsException.invalid(f + ".analysis.startingStep: " + starting + " is not a step (1.." + steps.size() + ")");
            }
            background = new Plan.Background(AnalysisSpec.parse(a, f + ".analysis", true), starting);
        }
        return new Plan(kind, steps, abortDelay, background);
    }

    /**
     * Undo goes back to a revision that already served: recreate and ramped keep their way of
     * moving instances, the others skip their steps and analysis (as Argo's rollback window does)
     * and switch once the old revision is ready again.
     */
    public static Plan undo(Map<String, Object> strategy, int replicas) {
        Plan p = plan(strategy, null, replicas);
        if (p.kind() == Plan.Kind.RECREATE || p.kind() == Plan.Kind.ROLLING_UPDATE) {
            return p;
        }
        Map<String, Object> body = body(strategy == null ? Map.of() : strategy, p.kind());
        return new Plan(p.kind(), List.of(new Step.ScaleUpNew(null), new Step.SwitchAll(),
                new Step.Finish(seconds(body, "scaleDownDelaySeconds", DEFAULT_SCALE_DOWN_DELAY, p.kind().field()))),
                p.abortScaleDownDelay());
    }

    static Plan.Kind declaredKind(Map<String, Object> s) {
        if (s.get("type") != null) {
            return kind(s.get("type").toString());
        }
        List<Plan.Kind> named = Arrays.stream(Plan.Kind.values()).filter(k -> s.containsKey(k.field())).toList();
        if (named.size() > 1) {
            throw LegendsException.invalid("spec.strategy names " + named.size() + " strategies ("
                    + named.stream().map(Plan.Kind::field).collect(Collectors.joining(", ")) + "); keep one");
        }
        return named.isEmpty() ? Plan.Kind.ROLLING_UPDATE : named.getFirst();
    }

    private static Map<String, Object> body(Map<String, Object> s, Plan.Kind kind) {
        Object b = s.get(kind.field());
        if (b == null) {
            return Map.of();
        }
        return map(b, "spec.strategy." + kind.field());
    }

    private static List<Step> rolling(Map<String, Object> b, int replicas, String f) {
        int[] fp = IntOrPercent.fenceposts(b.get("maxSurge"), b.get("maxUnavailable"), replicas);
        Duration minReady = seconds(b, "minReadySeconds", Duration.ZERO, f);
        Duration deadline = seconds(b, "progressDeadlineSeconds", DEFAULT_PROGRESS_DEADLINE, f);
        return List.of(new Step.RollingUpdate(fp[0], fp[1], minReady, deadline), new Step.SwitchAll(), new Step.Finish(Duration.ZERO));
    }

    private static List<Step> blueGreen(Map<String, Object> b, String f) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.ScaleUpNew(null));
        steps.add(new Step.Preview(previewMatch(b.get("previewRoute"), f + ".previewRoute")));
        if (b.get("prePromotionAnalysis") != null) {
            steps.add(new Step.Analysis("prePromotionAnalysis", AnalysisSpec.parse(b.get("prePromotionAnalysis"), f + ".prePromotionAnalysis")));
        }
        boolean auto = !Boolean.FALSE.equals(b.get("autoPromotionEnabled"));
        Duration autoDelay = seconds(b, "autoPromotionSeconds", Duration.ZERO, f);
        if (!auto) {
            steps.add(new Step.Pause(null, "autoPromotionEnabled is false"));
        } else if (!autoDelay.isZero()) {
            steps.add(new Step.Pause(autoDelay, "autoPromotionSeconds"));
        }
        steps.add(new Step.SwitchAll());
        if (b.get("postPromotionAnalysis") != null) {
            steps.add(new Step.Analysis("postPromotionAnalysis", AnalysisSpec.parse(b.get("postPromotionAnalysis"), f + ".postPromotionAnalysis")));
        }
        steps.add(new Step.Finish(seconds(b, "scaleDownDelaySeconds", DEFAULT_SCALE_DOWN_DELAY, f)));
        return steps;
    }

    /** previewRoute: {header: {name, value}}, {cookie: {name, value}} or {host: name}; by default header X-Preview: true. */
    static RouteMatch previewMatch(Object raw, String f) {
        if (raw == null) {
            return RouteMatch.header("X-Preview", "true", Plan.Kind.BLUE_GREEN.newVersion());
        }
        Map<String, Object> m = map(raw, f);
        if (m.get("host") != null) {
            // A preview host is a match on the Host header: the router sees the same request line.
            return RouteMatch.header("Host", m.get("host").toString(), Plan.Kind.BLUE_GREEN.newVersion());
        }
        List<RouteMatch> ms = matches(List.of(m), f, Plan.Kind.BLUE_GREEN.newVersion());
        return ms.getFirst();
    }

    private static List<Step> canary(Map<String, Object> b, int replicas, String f) {
        List<Step> steps = new ArrayList<>();
        Object raw = b.get("steps");
        List<?> list = raw == null ? List.of(Map.of("setWeight", 10), Map.of("pause", Map.of("duration", "30s")),
                Map.of("setWeight", 50), Map.of("pause", Map.of("duration", "30s"))) : list(raw, f + ".steps");
        for (int i = 0; i < list.size(); i++) {
            String sf = f + ".steps[" + i + "]";
            Map<String, Object> s = map(list.get(i), sf);
            if (s.size() != 1) {
                throw LegendsException.invalid(sf + ": a step has exactly one of setWeight, pause, setCanaryScale, analysis");
            }
            var e = s.entrySet().iterator().next();
            steps.add(switch (e.getKey()) {
                case "setWeight" -> new Step.SetWeight(Weights.perMille(e.getValue(), sf + ".setWeight"));
                case "pause" -> {
                    Map<String, Object> p = e.getValue() == null ? Map.of() : map(e.getValue(), sf + ".pause");
                    yield new Step.Pause(Durations.parse(p.get("duration"), sf + ".pause.duration"), null);
                }
                case "setCanaryScale" -> canaryScale(map(e.getValue(), sf + ".setCanaryScale"), replicas, sf + ".setCanaryScale");
                case "analysis" -> new Step.Analysis("analysis (step " + (i + 1) + ")", AnalysisSpec.parse(e.getValue(), sf + ".analysis"));
                default -> throw LegendsException.invalid(sf + ": unknown step '" + e.getKey() + "' (setWeight, pause, setCanaryScale, analysis)");
            });
        }
        steps.add(new Step.ScaleUpNew(null));
        steps.add(new Step.SwitchAll());
        steps.add(new Step.Finish(seconds(b, "scaleDownDelaySeconds", DEFAULT_SCALE_DOWN_DELAY, f)));
        return steps;
    }

    private static Step canaryScale(Map<String, Object> m, int replicas, String f) {
        if (Boolean.TRUE.equals(m.get("matchTrafficWeight"))) {
            return new Step.SetCanaryScale(null, null, true);
        }
        if (m.get("replicas") != null) {
            int r = natural(m.get("replicas"), f + ".replicas");
            return new Step.SetCanaryScale(r, null, false);
        }
        if (m.get("weight") != null) {
            int w = natural(m.get("weight"), f + ".weight");
            if (w > 100) {
                throw LegendsException.invalid(f + ".weight: " + w + " is above 100");
            }
            return new Step.SetCanaryScale(null, w, false);
        }
        throw LegendsException.invalid(f + ": needs replicas, weight or matchTrafficWeight: true");
    }

    private static List<Step> abTesting(Map<String, Object> b, int replicas, String f) {
        List<RouteMatch> matches = b.get("match") == null ? List.of() : matches(list(b.get("match"), f + ".match"), f + ".match",
                Plan.Kind.AB_TESTING.newVersion());
        int share = b.get("share") == null ? 0 : Weights.perMille(b.get("share"), f + ".share");
        if (matches.isEmpty() && share == 0) {
            throw LegendsException.invalid(f + ": A/B testing needs a match (header or cookie) or a share of users for B");
        }
        AppRoute.Sticky sticky = null;
        if (share > 0) {
            Map<String, Object> by = b.get("stickyBy") == null ? Map.of() : map(b.get("stickyBy"), f + ".stickyBy");
            if (by.get("header") != null) {
                sticky = new AppRoute.Sticky(AppRoute.Sticky.Source.HEADER, by.get("header").toString());
            } else if (by.get("cookie") != null) {
                sticky = new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, by.get("cookie").toString());
            } else {
                sticky = new AppRoute.Sticky(AppRoute.Sticky.Source.COOKIE, null);
            }
        }
        Integer bReplicas = b.get("replicas") == null ? null : Math.max(1, natural(b.get("replicas"), f + ".replicas"));
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.ScaleUpNew(bReplicas));
        steps.add(new Step.AbRoute(matches, share, sticky));
        if (b.get("analysis") != null) {
            steps.add(new Step.Analysis("A/B analysis", AnalysisSpec.parse(b.get("analysis"), f + ".analysis")));
        }
        steps.add(new Step.Pause(null, "promote B, or abort to keep A"));
        if (bReplicas != null && bReplicas < replicas) {
            steps.add(new Step.ScaleUpNew(null));
        }
        steps.add(new Step.SwitchAll());
        steps.add(new Step.Finish(seconds(b, "scaleDownDelaySeconds", DEFAULT_SCALE_DOWN_DELAY, f)));
        return steps;
    }

    private static List<Step> shadow(Map<String, Object> b, int replicas, String f) {
        double percent = b.get("mirrorPercent") == null ? 100 : number(b.get("mirrorPercent"), f + ".mirrorPercent");
        if (percent <= 0 || percent > 100) {
            throw LegendsException.invalid(f + ".mirrorPercent: " + percent + " is outside (0, 100]");
        }
        boolean compare = !Boolean.FALSE.equals(b.get("compare"));
        Duration duration = Durations.parse(b.containsKey("duration") ? b.get("duration") : "60s", f + ".duration");
        double maxErrors = b.get("maxErrorRate") == null ? 0.01 : number(b.get("maxErrorRate"), f + ".maxErrorRate");
        double maxDiff = b.get("maxDifferenceRate") == null ? 0.01 : number(b.get("maxDifferenceRate"), f + ".maxDifferenceRate");
        Integer shadowReplicas = b.get("replicas") == null ? null : Math.max(1, natural(b.get("replicas"), f + ".replicas"));
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.ScaleUpNew(shadowReplicas));
        steps.add(new Step.Mirror(percent, compare));
        steps.add(new Step.ShadowCompare(duration, maxErrors, maxDiff));
        if (!Boolean.TRUE.equals(b.get("autoPromote"))) {
            steps.add(new Step.Pause(null, "promote the shadow, or abort to discard it"));
        }
        if (shadowReplicas != null && shadowReplicas < replicas) {
            steps.add(new Step.ScaleUpNew(null));
        }
        steps.add(new Step.SwitchAll());
        steps.add(new Step.Finish(seconds(b, "scaleDownDelaySeconds", DEFAULT_SCALE_DOWN_DELAY, f)));
        return steps;
    }

    /** Match entries: {header|cookie|query: {name, value | prefix | regex}}; without a value, presence matches. */
    static List<RouteMatch> matches(List<?> raw, String f, String version) {
        List<RouteMatch> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String mf = f + "[" + i + "]";
            Map<String, Object> m = map(raw.get(i), mf);
            RouteMatch.Source source = null;
            Map<String, Object> spec = null;
            for (RouteMatch.Source s : RouteMatch.Source.values()) {
                String key = s.name().toLowerCase(Locale.ROOT);
                if (m.get(key) != null) {
                    if (source != null) {
                        throw LegendsException.invalid(mf + ": one of header, cookie or query per match");
                    }
                    source = s;
                    spec = map(m.get(key), mf + "." + key);
                }
            }
            if (source == null) {
                throw LegendsException.invalid(mf + ": a match needs header, cookie or query");
            }
            String sf = mf + "." + source.name().toLowerCase(Locale.ROOT);
            if (spec.get("name") == null || spec.get("name").toString().isBlank()) {
                throw LegendsException.invalid(sf + ".name is required");
            }
            String name = spec.get("name").toString();
            RouteMatch.Op op = RouteMatch.Op.PRESENT;
            String value = null;
            for (String k : List.of("value", "exact", "prefix", "regex")) {
                if (spec.get(k) != null) {
                    op = switch (k) {
                        case "prefix" -> RouteMatch.Op.PREFIX;
                        case "regex" -> RouteMatch.Op.REGEX;
                        default -> RouteMatch.Op.EXACT;
                    };
                    value = spec.get(k).toString();
                }
            }
            if (op == RouteMatch.Op.REGEX) {
                try {
                    java.util.regex.Pattern.compile(value);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw LegendsException.invalid(sf + ".regex: " + e.getDescription());
                }
            }
            out.add(new RouteMatch(source, name, op, value, version));
        }
        return out;
    }

    static Duration seconds(Map<String, Object> b, String key, Duration fallback, String f) {
        Object v = b.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() < 0) {
            String field = f.startsWith("spec.strategy.") ? f : "spec.strategy." + f;
            throw LegendsException.invalid(field + "." + key + ": '" + v + "' must be seconds >= 0");
        }
        return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }

    private static int natural(Object v, String f) {
        if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
            throw LegendsException.invalid(f + ": '" + v + "' must be a whole number >= 0");
        }
        return n.intValue();
    }

    private static double number(Object v, String f) {
        if (!(v instanceof Number n)) {
            throw LegendsException.invalid(f + ": '" + v + "' is not a number");
        }
        return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v, String f) {
        if (!(v instanceof Map<?, ?>)) {
            throw LegendsException.invalid(f + " must be an object");
        }
        return (Map<String, Object>) v;
    }

    static List<?> list(Object v, String f) {
        if (!(v instanceof List<?> l)) {
            throw LegendsException.invalid(f + " must be a list");
        }
        return l;
    }
}
