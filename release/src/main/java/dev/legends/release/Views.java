package dev.legends.release;

import dev.legends.release.analysis.AnalysisRun;
import dev.legends.release.strategy.Plan;
import dev.legends.release.strategy.Step;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.VersionMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Status, history and report values built from stored rows and the ports. */
final class Views {
    private Views() {}

    static ReleaseStatus status(ReleaseRow row, Plan plan, Ports ports) {
        Optional<AppRoute> route = ports.router().current(row.app());
        List<ReleaseStatus.Weight> weights = route.map(r -> r.backends().stream()
                .map(b -> new ReleaseStatus.Weight(b.version(), b.revision(), b.weight())).toList()).orElse(List.of());
        Observed seen = new Observed(ports.platform().instances(row.app()));
        List<ReleaseStatus.Revision> revs = new ArrayList<>();
        if (row.stableRevision() != 0 && row.stableRevision() != row.revision()) {
            revs.add(revision(row.app(), row.stableRevision(), "stable", seen, ports));
        }
        revs.add(revision(row.app(), row.revision(), "new", seen, ports));
        Progress p = row.progress();
        ReleaseStatus.Analysis current = null;
        if (p.analysis != null && row.step() < plan.steps().size() && plan.steps().get(row.step()) instanceof Step.Analysis a) {
            current = analysis(row.step() + 1, a.label(), p.analysis.phase().name(), p.analysis.message(), p.analysis.metrics());
        }
        return new ReleaseStatus(row.id(), row.app(), row.revision(), row.stableRevision(), plan.kind().field(), row.undo(),
                ports.platform().name(), row.phase(), row.phase().health(), row.step(),
                plan.steps().stream().map(Step::describe).toList(), row.message(), p.pauseReason,
                route.map(Routes::describe).orElse("no route"), weights, revs, current, analyses(p), iso(row.createdMs()),
                iso(row.endedMs()), rollback(p), downtime(p, row), p.peakInstances);
    }

    static ReleaseSummary summary(ReleaseRow row) {
        return new ReleaseSummary(row.id(), row.revision(), row.stableRevision(), row.kind(), row.undo(), row.phase(),
                row.phase().health(), iso(row.createdMs()), iso(row.endedMs()), row.message());
    }

    static ReleaseReport report(ReleaseRow row, Plan plan, List<TimelineEntry> timeline, Ports ports, long nowMs) {
        Progress p = row.progress();
        long end = row.endedMs() == null ? nowMs : Math.max(row.endedMs(), p.rolledBackMs == null ? 0 : p.rolledBackMs);
        Instant from = Instant.ofEpochMilli(row.createdMs());
        Instant to = Instant.ofEpochMilli(Math.max(end, row.createdMs() + 1));
        List<ReleaseReport.VersionReport> versions = new ArrayList<>();
        if (row.stableRevision() != 0 && row.stableRevision() != row.revision()) {
            versions.add(version("stable", ports.metrics().query(row.app(), row.stableRevision(), from, to)));
        }
        versions.add(version("new", ports.metrics().query(row.app(), row.revision(), from, to)));
        int replicas = row.replicas();
        return new ReleaseReport(row.id(), row.app(), row.revision(), row.stableRevision(), plan.kind().field(), row.undo(),
                ports.platform().name(), row.phase(), row.message(), iso(row.createdMs()), iso(row.endedMs()), end - row.createdMs(),
                timeline, versions, p.mirror, downtime(p, row), replicas, p.peakInstances, Math.max(0, p.peakInstances - replicas),
                Math.round(p.extraInstanceSeconds * 10) / 10.0, rollback(p), analyses(p));
    }

    private static ReleaseReport.VersionReport version(String role, VersionMetrics m) {
        return new ReleaseReport.VersionReport(role, m.revision(), m.requests(), m.errors(), m.successRate(), m.latencyMillis(0.5),
                m.latencyMillis(0.99), m.requestsPerSecond());
    }

    private static ReleaseStatus.Revision revision(String app, int rev, String role, Observed seen, Ports ports) {
        return new ReleaseStatus.Revision(rev, role, ports.platform().desired(app, rev), seen.ready(rev), seen.live(rev));
    }

    private static List<ReleaseStatus.Analysis> analyses(Progress p) {
        return p.analyses.stream().map(a -> analysis(a.step(), a.label(), a.phase(), a.message(), a.metrics())).toList();
    }

    private static ReleaseStatus.Analysis analysis(int step, String label, String phase, String message, List<AnalysisRun.MetricRun> ms) {
        return new ReleaseStatus.Analysis(step, label, phase, message, ms.stream()
                .map(m -> new ReleaseStatus.Metric(m.name(), m.phase().name(), m.measurements().size(),
                        m.measurements().isEmpty() ? null : m.measurements().getLast().detail()))
                .toList());
    }

    private static Long rollback(Progress p) {
        return p.abortedMs == null || p.rolledBackMs == null ? null : p.rolledBackMs - p.abortedMs;
    }

    /** Downtime so far, counting a gap that is still open. */
    private static long downtime(Progress p, ReleaseRow row) {
        return p.downtimeMs + (p.downSinceMs == null ? 0 : Math.max(0, p.lastObservedMs - p.downSinceMs));
    }

    static String iso(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms).toString();
    }
}
