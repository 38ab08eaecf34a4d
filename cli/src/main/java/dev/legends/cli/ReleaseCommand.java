package dev.legends.cli;

import dev.legends.core.Json;
import dev.legends.release.ReleaseReport;
import dev.legends.release.ReleaseStatus;
import dev.legends.release.ReleaseSummary;
import dev.legends.release.TimelineEntry;
import dev.legends.server.api.ApiClient;
import dev.legends.server.releases.ReleasesApi;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code legends release ...}: the six strategies' releases, as {@code kubectl argo rollouts} drives
 * a Rollout: start, status (-w follows it until it ends), promote, pause, resume, abort, undo,
 * history and report.
 */
@Command(name = "release", description = "Release an app: start, status, promote, pause, resume, abort, undo, history, report",
        subcommands = {ReleaseCommand.Start.class, ReleaseCommand.Status.class, ReleaseCommand.Promote.class, ReleaseCommand.Pause.class,
            ReleaseCommand.Resume.class, ReleaseCommand.Abort.class, ReleaseCommand.Undo.class, ReleaseCommand.History.class,
            ReleaseCommand.Report.class})
final class ReleaseCommand extends CommandGroup {

    static String path(String app) {
        return "/v1/releases/" + Cli.q(app);
    }

    @Command(name = "start", description = "Release a new image of an app with its strategy (or --strategy)")
    static final class Start implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Option(names = "--image", description = "The new image; a revision is made from the stable one with it")
        String image;

        @Option(names = "--revision", description = "Release an existing revision instead of a new image")
        Integer revision;

        @Option(names = "--strategy", description = "recreate, ramped, blueGreen, canary, abTesting or shadow (default: the app's spec.strategy)")
        String strategy;

        @Option(names = {"-w", "--watch"}, description = "Follow the release until it ends")
        boolean watch;

        @Override
        public void run() {
            if (image == null && revision == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "release start needs --image IMAGE (or --revision N)");
            }
            ReleaseStatus s = Cli.client(spec).post(path(app), new ReleasesApi.Start(image, revision, strategy), ReleaseStatus.class);
            PrintWriter out = Cli.out(spec);
            out.println("release " + s.id() + " of " + app + " revision " + s.revision() + " started (" + s.strategy() + ")");
            if (watch) {
                Status.follow(Cli.client(spec), app, out, false);
            } else {
                print(out, s);
            }
            out.flush();
        }
    }

    @Command(name = "status", aliases = "get", description = "Where the app's latest release stands; -w follows it until it ends")
    static final class Status implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Option(names = {"-w", "--watch"}, description = "Print each change until the release ends or pauses")
        boolean watch;

        @Override
        public void run() {
            PrintWriter out = Cli.out(spec);
            if (watch) {
                follow(Cli.client(spec), app, out, output.json());
                return;
            }
            ReleaseStatus s = Cli.client(spec).get(path(app), ReleaseStatus.class);
            if (output.json()) {
                output.printJson(out, s);
                return;
            }
            print(out, s);
            out.flush();
        }

        /** One line per change: time, step, phase, weights, readiness, analysis; ends with the release. */
        static void follow(ApiClient client, String app, PrintWriter out, boolean json) {
            ReleaseStatus[] last = new ReleaseStatus[1];
            String[] shown = new String[1];
            client.stream(path(app) + "/watch", data -> {
                ReleaseStatus s = Json.read(data.getBytes(StandardCharsets.UTF_8), ReleaseStatus.class);
                String line = progressLine(s);
                // a pause counts down every poll: print a line when something other than the countdown changed
                String key = line.substring(line.indexOf(' ') + 1).replaceAll("\\d+m?s left", "");
                if (json || !key.equals(shown[0])) {
                    out.println(json ? data : line);
                    out.flush();
                    shown[0] = key;
                }
                last[0] = s;
                // as kubectl argo rollouts status --watch: a pause waits for a person, so the watch ends there too
                return !out.checkError() && s.phase() != dev.legends.release.Phase.PAUSED;
            });
            if (!json && last[0] != null) {
                out.println();
                print(out, last[0]);
                out.flush();
            }
        }
    }

    @Command(name = "promote", description = "Skip the current pause or analysis; --full skips every remaining step")
    static final class Promote implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Option(names = "--full", description = "Skip all remaining steps, pauses and analysis")
        boolean full;

        @Override
        public void run() {
            ReleaseStatus s = Cli.client(spec).post(path(app) + "/promote" + (full ? "?full=true" : ""), Map.of(), ReleaseStatus.class);
            brief(Cli.out(spec), s);
        }
    }

    /** pause, resume and abort: POST /v1/releases/APP/NAME, where NAME is the command's own name. */
    abstract static class Action implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Override
        public void run() {
            brief(Cli.out(spec), Cli.client(spec).post(path(app) + "/" + spec.name(), Map.of(), ReleaseStatus.class));
        }
    }

    @Command(name = "pause", description = "Hold the release at its current step")
    static final class Pause extends Action {
    }

    @Command(name = "resume", description = "Continue a paused release (an inconclusive analysis is measured again)")
    static final class Resume extends Action {
    }

    @Command(name = "abort", description = "All traffic back to stable now; the new revision scales down after a delay")
    static final class Abort extends Action {
    }

    @Command(name = "undo", description = "Go back to the previous stable revision, or to --to-revision N")
    static final class Undo implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Option(names = "--to-revision", paramLabel = "N", description = "The revision to go back to")
        Integer toRevision;

        @Override
        public void run() {
            brief(Cli.out(spec), Cli.client(spec).post(path(app) + "/undo", new ReleasesApi.Undo(toRevision), ReleaseStatus.class));
        }
    }

    @Command(name = "history", description = "Every release of the app, oldest first")
    static final class History implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Override
        public void run() {
            List<ReleaseSummary> rows = Cli.client(spec).get(path(app) + "/history", Json.listOf(ReleaseSummary.class));
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, rows);
                return;
            }
            Output.Table t = new Output.Table("RELEASE", "REVISION", "FROM", "STRATEGY", "STATUS", "STARTED", "MESSAGE");
            rows.forEach(r -> t.row(r.id(), r.revision(), r.stableRevision() == 0 ? "-" : r.stableRevision(),
                    r.strategy() + (r.undo() ? " (undo)" : ""), r.health(), r.startedAt(), r.message()));
            t.print(out);
        }
    }

    @Command(name = "report", description = "What a release did and cost: timeline, traffic per version, downtime, extra instances, rollback time")
    static final class Report implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Parameters(index = "1", paramLabel = "REV", arity = "0..1", description = "A revision (default: the latest release)")
        Integer revision;

        @Override
        public void run() {
            ReleaseReport r = Cli.client(spec).get(path(app) + "/report" + (revision == null ? "" : "?revision=" + revision),
                    ReleaseReport.class);
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, r);
                return;
            }
            printReport(out, r);
            out.flush();
        }
    }

    // ---- rendering ----

    static void brief(PrintWriter out, ReleaseStatus s) {
        out.println(s.app() + ": release " + s.id() + " " + s.health() + " — " + s.message());
        out.flush();
    }

    static String progressLine(ReleaseStatus s) {
        String time = Instant.now().toString().substring(11, 19);
        String step = s.step() >= s.plan().size() ? "done" : "step " + (s.step() + 1) + "/" + s.plan().size() + " " + s.plan().get(s.step());
        String revs = s.revisions().stream().map(r -> "r" + r.revision() + " " + r.ready() + "/" + r.desired() + " ready")
                .collect(Collectors.joining(", "));
        String analysis = s.analysis() == null ? "" : " | " + s.analysis().label() + ": " + s.analysis().metrics().stream()
                .map(m -> m.name() + " " + m.phase().toLowerCase() + (m.last() == null ? "" : " (" + m.last() + ")"))
                .collect(Collectors.joining(", "));
        return time + "  " + s.health() + "  " + step + " | " + weights(s) + " | " + revs + analysis + " | " + s.message();
    }

    private static String weights(ReleaseStatus s) {
        return s.weights().isEmpty() ? "no route" : s.weights().stream()
                .map(w -> w.version() + " r" + w.revision() + " " + percent(w.perMille())).collect(Collectors.joining(", "));
    }

    private static String percent(int perMille) {
        return perMille % 10 == 0 ? perMille / 10 + "%" : perMille / 10.0 + "%";
    }

    static void print(PrintWriter out, ReleaseStatus s) {
        out.println("Name:          " + s.app());
        out.println("Release:       " + s.id() + (s.undo() ? " (undo)" : ""));
        out.println("Strategy:      " + s.strategy() + " on " + s.platform());
        out.println("Status:        " + s.health() + (s.pauseReason() == null ? "" : " — " + s.pauseReason()));
        out.println("Message:       " + s.message());
        out.println("Revisions:     " + (s.stableRevision() == 0 ? "" : s.stableRevision() + " -> ") + s.revision());
        out.println("Route:         " + s.route());
        out.println("Instances:");
        s.revisions().forEach(r -> out.println("  revision " + r.revision() + " (" + r.role() + "): " + r.ready() + " ready, " + r.live()
                + " running, " + r.desired() + " desired"));
        out.println("Steps:");
        for (int i = 0; i < s.plan().size(); i++) {
            String mark = i < s.step() ? "✔" : i == s.step() ? (s.phase().active() ? "▶" : "✖") : " ";
            out.println("  " + mark + " " + (i + 1) + ". " + s.plan().get(i));
        }
        if (s.analysis() != null) {
            out.println("Analysis (running): " + s.analysis().label());
            s.analysis().metrics().forEach(m -> out.println("  " + m.name() + ": " + m.phase().toLowerCase() + ", " + m.measurements()
                    + " measurement(s)" + (m.last() == null ? "" : ", last " + m.last())));
        }
        for (ReleaseStatus.Analysis a : s.analyses()) {
            out.println("Analysis at step " + a.step() + ": " + a.label() + " " + a.phase().toLowerCase() + " — " + a.message());
        }
        if (s.rollbackMillis() != null) {
            out.println("Rolled back:   in " + s.rollbackMillis() + " ms");
        }
        if (s.downtimeMillis() > 0) {
            out.println("Downtime:      " + s.downtimeMillis() + " ms");
        }
    }

    static void printReport(PrintWriter out, ReleaseReport r) {
        out.println("Release " + r.id() + " of " + r.app() + ": revision " + r.stableRevision() + " -> " + r.revision() + ", " + r.strategy()
                + (r.undo() ? " (undo)" : "") + " on " + r.platform());
        out.println("Outcome:        " + r.phase().health() + " — " + r.message());
        out.println("Started:        " + r.startedAt() + (r.endedAt() == null ? "" : ", ended " + r.endedAt()) + " ("
                + r.durationMillis() / 1000.0 + " s)");
        out.println("Downtime:       " + r.downtimeMillis() + " ms");
        out.println("Extra instances: peak " + r.peakExtraInstances() + " above " + r.replicas() + " (" + r.extraInstanceSeconds()
                + " instance-seconds)");
        out.println("Rollback time:  " + (r.rollbackMillis() == null ? "-" : r.rollbackMillis() + " ms"));
        out.println();
        Output.Table t = new Output.Table("VERSION", "REVISION", "REQUESTS", "ERRORS", "SUCCESS", "P50 MS", "P99 MS", "RPS");
        for (ReleaseReport.VersionReport v : r.versions()) {
            t.row(v.role(), v.revision(), v.requests(), v.errors(), Double.isNaN(v.successRate()) ? "-" : String.format("%.2f%%", v.successRate() * 100),
                    num(v.p50Millis()), num(v.p99Millis()), num(v.requestsPerSecond()));
        }
        t.print(out);
        if (r.mirror() != null) {
            out.println("Mirrored:       " + r.mirror().mirrored() + " requests, " + r.mirror().errors() + " errors, " + r.mirror().differences()
                    + "/" + r.mirror().compared() + " responses differed, p99 " + num(r.mirror().p99Millis()) + " ms");
            r.mirror().samples().forEach(s -> out.println("  " + s));
        }
        for (ReleaseStatus.Analysis a : r.analyses()) {
            out.println("Analysis at step " + a.step() + ": " + a.label() + " " + a.phase().toLowerCase() + " — " + a.message());
        }
        out.println();
        out.println("Timeline:");
        long start = r.timeline().isEmpty() ? 0 : r.timeline().getFirst().timeMs();
        for (TimelineEntry e : r.timeline()) {
            out.println(String.format("  +%7.1fs  %s%s", (e.timeMs() - start) / 1000.0, e.message(), e.weights() == null ? "" : "  [" + e.weights() + "]"));
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.1f", v);
    }
}
