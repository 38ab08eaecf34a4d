package dev.legends.release.strategy;

import dev.legends.core.LegendsException;

/**
 * Kubernetes' IntOrString for maxSurge and maxUnavailable: "25%" of the replicas or an absolute
 * count. Surge rounds up and unavailability rounds down, as the Deployment controller does, so a
 * rollout always moves and never takes away more than it was allowed.
 */
public final class IntOrPercent {
    private IntOrPercent() {}

    /** The value scaled against {@code total}; a percentage rounds up or down as asked. */
    public static int scaled(Object value, int total, boolean roundUp, String field) {
        if (value instanceof Number n) {
            if (n.doubleValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
                throw LegendsException.invalid(field + ": " + value + " must be a whole number >= 0 or a percentage");
            }
            return n.intValue();
        }
        String s = String.valueOf(value).trim();
        try {
            if (s.endsWith("%")) {
                double pct = Double.parseDouble(s.substring(0, s.length() - 1));
                if (pct < 0) {
                    throw new NumberFormatException();
                }
                double exact = pct * total / 100.0;
                // A percentage of a count is exact in decimal; guard against 0.1 + 0.2 style noise.
                double nudged = roundUp ? exact - 1e-9 : exact + 1e-9;
                return (int) (roundUp ? Math.ceil(nudged) : Math.floor(nudged));
            }
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw LegendsException.invalid(field + ": '" + value + "' must be a whole number >= 0 or a percentage like 25%");
        }
    }

    /**
     * maxSurge and maxUnavailable for {@code replicas}, as the Deployment controller resolves them:
     * surge rounds up, unavailable rounds down, and if both come to 0 one instance may be unavailable
     * (otherwise the rollout could never progress).
     *
     * @return {surge, unavailable}
     */
    public static int[] fenceposts(Object maxSurge, Object maxUnavailable, int replicas) {
        int surge = scaled(maxSurge == null ? "25%" : maxSurge, replicas, true, "maxSurge");
        int unavailable = scaled(maxUnavailable == null ? "25%" : maxUnavailable, replicas, false, "maxUnavailable");
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }
}
