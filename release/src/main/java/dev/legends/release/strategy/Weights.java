package dev.legends.release.strategy;

import dev.legends.core.LegendsException;
import dev.legends.workload.port.AppRoute;

/** Traffic weights: percentages in manifests, per-mille on the route. */
public final class Weights {
    private Weights() {}

    public static int perMille(Object percent, String field) {
        if (!(percent instanceof Number n)) {
            throw LegendsException.invalid(field + ": '" + percent + "' is not a percentage");
        }
        double p = n.doubleValue();
        if (p < 0 || p > 100) {
            throw LegendsException.invalid(field + ": " + percent + " is outside 0..100");
        }
        double pm = p * 10;
        if (Math.abs(pm - Math.round(pm)) > 1e-9) {
            throw LegendsException.invalid(field + ": " + percent + " is finer than the route's 0.1% resolution");
        }
        return (int) Math.round(pm);
    }

    public static String percent(int perMille) {
        return perMille % 10 == 0 ? perMille / 10 + "%" : perMille / 10.0 + "%";
    }

    /** Instances for a share of the app: rounds up, so any traffic share has at least one instance. */
    public static int instancesFor(int perMille, int replicas) {
        return (int) Math.ceil(replicas * (double) perMille / AppRoute.TOTAL_WEIGHT - 1e-9);
    }
}
