package dev.legends.workload.hpa;

import java.util.List;

/** autoscaling/v2 behavior: stabilization windows and rate policies for each direction. */
public record Behavior(Rules scaleUp, Rules scaleDown) {
    public enum Select { MAX, MIN, DISABLED }

    public enum Type { PODS, PERCENT }

    public record Policy(Type type, int value, int periodSeconds) {}

    public record Rules(int stabilizationWindowSeconds, Select select, List<Policy> policies) {
        public Rules {
            policies = List.copyOf(policies);
        }
    }

    /** Kubernetes' defaults: up at once by 100% or 4 pods per 15 s, whichever is more; down after 300 s by up to 100% per 15 s. */
    public static Behavior defaults() {
        return withWindows(0, 300);
    }

    public static Behavior withWindows(int upSeconds, int downSeconds) {
        return new Behavior(
                new Rules(upSeconds, Select.MAX, List.of(new Policy(Type.PERCENT, 100, 15), new Policy(Type.PODS, 4, 15))),
                new Rules(downSeconds, Select.MAX, List.of(new Policy(Type.PERCENT, 100, 15))));
    }
}
