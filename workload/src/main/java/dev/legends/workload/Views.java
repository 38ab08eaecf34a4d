package dev.legends.workload;

import dev.legends.runtime.LogLine;
import dev.legends.store.Event;
import dev.legends.workload.manifest.AppManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the workload layer answers with: rows for listings, and describe's detail. */
public final class Views {
    private Views() {}

    /** @param action created, configured or unchanged, as kubectl apply says */
    public record Applied(String app, String action, int revision, boolean newRevision) {}

    /** One app as {@code legends app ls} lists it. */
    public record AppRow(String name, String image, int replicas, int ready, int current, int stableRevision, int latestRevision,
                         String host, String path, boolean autoscaled, Instant created) {}

    /** One revision as {@code legends app history} lists it. */
    public record Revision(int revision, String image, String changeCause, Instant created, boolean stable, int desired, String templateHash) {}

    public record Autoscaling(AutoscalerSpec spec, Instant lastDecision, Integer current, Integer desired, String reason,
                              Map<String, Double> metrics) {}

    public record Description(AppRow app, AppManifest manifest, List<Revision> revisions, List<Observed> instances,
                              Autoscaling autoscaler, List<Event> events) {}

    /** The log of one instance's app container. */
    public record InstanceLog(String instance, int revision, List<LogLine> lines) {}

    /** One line of an instance's app container, as {@code app logs -f} streams them. */
    public record InstanceLine(String instance, int revision, LogLine line) {}
}
