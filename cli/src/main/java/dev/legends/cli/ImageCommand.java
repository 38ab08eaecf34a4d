package dev.legends.cli;

import dev.legends.core.Json;
import dev.legends.server.api.ImageRequests;
import dev.legends.server.api.ImageRow;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `legends image ...`: the images in the local store. */
@Command(name = "image", description = "Manage images: ls, inspect, history, rm, tag, prune, ls-files, analyze, import, load, save, bootstrap",
        subcommands = {ImageCommand.Ls.class, ImageCommand.Inspect.class, ImageCommand.History.class,
            ImageEditCommands.Rm.class, ImageEditCommands.Tag.class, ImageEditCommands.Prune.class,
            ImageFilesCommands.LsFiles.class, ImageFilesCommands.Analyze.class,
            ImageArchiveCommands.Import.class, ImageArchiveCommands.Load.class, ImageArchiveCommands.Save.class,
            ImageArchiveCommands.Bootstrap.class})
final class ImageCommand extends CommandGroup {

    @Command(name = "ls", aliases = "list", description = "List images")
    static final class Ls implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Option(names = {"-q", "--quiet"}, description = "Only image ids")
        boolean quiet;

        @Override
        public void run() {
            List<ImageRow> rows = Cli.client(spec).get("/v1/images", Json.listOf(ImageRow.class));
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, rows);
                return;
            }
            if (quiet) {
                rows.stream().map(r -> Units.shortId(r.id())).distinct().forEach(out::println);
                out.flush();
                return;
            }
            Output.Table t = new Output.Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            rows.forEach(r -> t.row(r.repository(), r.tag(), Units.shortId(r.id()), Units.ago(r.created()), Units.size(r.size())));
            t.print(out);
        }
    }

    @Command(name = "inspect", description = "Show an image's config, layers and names as JSON")
    static final class Inspect implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "IMAGE")
        List<String> names;

        @Override
        public void run() {
            PrintWriter out = Cli.out(spec);
            List<Object> all = names.stream()
                    .<Object>map(n -> Cli.client(spec).get("/v1/images/inspect?name=" + Cli.q(n), Map.class)).toList();
            out.println(Json.pretty(all));
            out.flush();
        }
    }

    @Command(name = "history", description = "Show the steps that made an image, newest first")
    static final class History implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Option(names = "--no-trunc", description = "Show whole commands")
        boolean noTrunc;

        @Parameters(paramLabel = "IMAGE")
        String name;

        @Override
        public void run() {
            List<ImageRequests.HistoryRow> rows = Cli.client(spec).get("/v1/images/history?name=" + Cli.q(name),
                    Json.listOf(ImageRequests.HistoryRow.class));
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, rows);
                return;
            }
            Output.Table t = new Output.Table("CREATED", "CREATED BY", "SIZE", "COMMENT");
            for (ImageRequests.HistoryRow r : rows) {
                String by = r.createdBy() == null ? "" : r.createdBy();
                if (!noTrunc && by.length() > 45) {
                    by = by.substring(0, 44) + "…";
                }
                t.row(Units.ago(r.created()), by, Units.size(r.size()), r.comment());
            }
            t.print(out);
        }
    }
}
