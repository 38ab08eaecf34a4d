package dev.legends.release;

import dev.legends.workload.port.Instance;
import java.util.List;

/** The instances of an app as seen at the start of a tick. */
record Observed(List<Instance> instances) {
    Observed {
        instances = List.copyOf(instances);
    }

    int ready(int revision) {
        return (int) instances.stream().filter(i -> i.revision() == revision && serving(i)).count();
    }

    /** Instances that exist and are not going away: what costs resources. */
    int live(int revision) {
        return (int) instances.stream().filter(i -> i.revision() == revision && alive(i)).count();
    }

    /** Any instance of the revision at all, including those still terminating. */
    int present(int revision) {
        return (int) instances.stream().filter(i -> i.revision() == revision && i.phase() != Instance.Phase.FAILED).count();
    }

    int liveTotal() {
        return (int) instances.stream().filter(Observed::alive).count();
    }

    static boolean serving(Instance i) {
        return i.ready() && i.phase() == Instance.Phase.RUNNING;
    }

    static boolean alive(Instance i) {
        return i.phase() == Instance.Phase.PENDING || i.phase() == Instance.Phase.RUNNING;
    }
}
