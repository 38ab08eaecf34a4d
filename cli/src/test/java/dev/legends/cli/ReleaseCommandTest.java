package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.release.Phase;
import dev.legends.release.ReleaseReport;
import dev.legends.release.ReleaseStatus;
import dev.legends.release.TimelineEntry;
import dev.legends.workload.port.MirrorStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How release status, progress and reports read, without a daemon. */
class ReleaseCommandTest {
    private static final ReleaseStatus STATUS = new ReleaseStatus(3, "web", 2, 1, "canary", false, "local", Phase.PAUSED, "Paused", 1,
            List.of("setWeight 20%", "pause until promoted", "switch all traffic to the new revision"), "paused: step 2: promote to continue",
            "step 2: promote to continue", "stable r1 800, canary r2 200",
            List.of(new ReleaseStatus.Weight("stable", 1, 800), new ReleaseStatus.Weight("canary", 2, 200)),
            List.of(new ReleaseStatus.Revision(1, "stable", 5, 5, 5), new ReleaseStatus.Revision(2, "new", 1, 1, 1)),
            new ReleaseStatus.Analysis(2, "analysis (step 2)", "RUNNING", "measuring",
                    List.of(new ReleaseStatus.Metric("success", "RUNNING", 1, "successRate = 0.999 (success result >= 0.99)"))),
            List.of(), "2026-01-01T00:00:00Z", null, null, 0, 6);

    @Test
    void statusShowsStepsWeightsInstancesAndAnalysis() {
        StringWriter s = new StringWriter();
        ReleaseCommand.print(new PrintWriter(s), STATUS);
        assertThat(s.toString()).contains("Status:        Paused — step 2: promote to continue")
                .contains("revision 2 (new): 1 ready, 1 running, 1 desired")
                .contains("  ✔ 1. setWeight 20%").contains("  ▶ 2. pause until promoted")
                .contains("success: running, 1 measurement(s)");
        assertThat(ReleaseCommand.progressLine(STATUS)).contains("Paused  step 2/3 pause until promoted | stable r1 80%, canary r2 20%")
                .contains("r2 1/1 ready").contains("success running");
    }

    @Test
    void reportReadsLikeTheComparisonTable() {
        ReleaseReport r = new ReleaseReport(3, "web", 2, 1, "shadow", false, "local", Phase.COMPLETED, "completed: revision 2 is stable",
                "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", 60_000,
                List.of(new TimelineEntry(0, 0, "PROGRESSING", null, "release started"),
                        new TimelineEntry(1500, 1, "PROGRESSING", "stable r1 1000; mirror 100.0% -> shadow r2", "route applied")),
                List.of(new ReleaseReport.VersionReport("stable", 1, 12000, 3, 0.99975, 12.5, 48, 200),
                        new ReleaseReport.VersionReport("new", 2, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0)),
                new MirrorStats(11000, 2, 11000, 5, 13, 50, List.of("GET /x: body differs")), 0, 3, 6, 3, 120.5, null, List.of());
        StringWriter s = new StringWriter();
        ReleaseCommand.printReport(new PrintWriter(s), r);
        assertThat(s.toString()).contains("Downtime:       0 ms").contains("peak 3 above 3 (120.5 instance-seconds)")
                .contains("Rollback time:  -").contains("Mirrored:       11000 requests, 2 errors, 5/11000")
                .contains("+    1.5s  route applied  [stable r1 1000; mirror 100.0% -> shadow r2]")
                .containsPattern("new\\s+2\\s+0\\s+0\\s+-");
    }

    @Test
    void startWithoutAnImageIsOneClearError() {
        CommandLine cli = new CommandLine(new ReleaseCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("start", "web")).isNotZero();
        assertThat(err.toString()).contains("release start needs --image IMAGE (or --revision N)");
    }
}
