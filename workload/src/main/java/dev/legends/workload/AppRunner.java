package dev.legends.workload;

import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where {@link Workloads}' apps run: the local engine (its replica controller, prober and
 * autoscaler loop) or an orchestrator that does all of that itself (Kubernetes). Workloads keeps
 * apps, revisions and routes in the store and declares replica counts through {@link #platform()};
 * the rest is what {@code app describe}, {@code app logs}, {@code app rm} and {@code autoscale}
 * need beyond the Platform port.
 */
public interface AppRunner extends AutoCloseable {
    /** The Platform port of this runner; Workloads and the release layer both scale through it. */
    Platform platform();

    /** The app's instances with the detail describe shows (an orchestrator may have none beyond the port's). */
    List<Observed> observed(String app);

    /** Stops every instance of every revision of the app, now (app rm). */
    void removeAll(String app);

    /** The last {@code tail} lines (0: all) of each instance's app container. */
    List<Views.InstanceLog> logs(String app, int tail);

    /**
     * Follows the app's instances' output: the last {@code tail} lines of each (0: all), then new
     * lines as they come, also of instances that start later, until the result is closed.
     */
    AutoCloseable followLogs(String app, int tail, java.util.function.Consumer<Views.InstanceLine> sink);

    /**
     * Checks {@code spec} and starts autoscaling the app's stable revision (already checked:
     * the app exists and its template has a CPU limit if the spec targets CPU). Called before the
     * spec is stored, so a refusal stores nothing.
     */
    void autoscale(AutoscalerSpec spec, RevisionRef stable);

    /** Stops autoscaling; the replica count stays where the autoscaler left it. */
    void stopAutoscaling(String app, int stableRevision);

    /** What the app's autoscaler decided last, for describe. */
    Views.Autoscaling autoscaling(AutoscalerSpec spec, int stableRevision);

    /** {@code listener} hears the name of an app whose instances (or their readiness) changed; close to stop. */
    AutoCloseable onInstancesChanged(Consumer<String> listener);

    /** Stops watching; the instances keep running. */
    @Override
    void close();
}
