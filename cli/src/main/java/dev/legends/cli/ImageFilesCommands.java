package dev.legends.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.server.api.ImageRequests;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** ls-files and analyze: looking inside an image's layers. */
final class ImageFilesCommands {
    private ImageFilesCommands() {}

    @Command(name = "ls-files", description = "List a directory of the image's merged filesystem (upper layers win, whiteouts applied)")
    static final class LsFiles implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "IMAGE")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", defaultValue = "/")
        String path;

        @Override
        public void run() {
            List<ImageRequests.FileRow> rows = Cli.client(spec).get("/v1/images/files?name=" + Cli.q(name) + "&path=" + Cli.q(path),
                    Json.listOf(ImageRequests.FileRow.class));
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, rows);
                return;
            }
            Output.Table t = new Output.Table("MODE", "UID:GID", "SIZE", "LAYER", "PATH");
            for (ImageRequests.FileRow r : rows) {
                String p = r.path() + (r.type().equals("directory") ? "/" : "") + (r.linkTarget() == null ? "" : " -> " + r.linkTarget());
                t.row(typeChar(r.type()) + r.mode(), r.uid() + ":" + r.gid(), r.size(), r.layer(), p);
            }
            t.print(out);
        }

        private static String typeChar(String type) {
            return switch (type) {
                case "directory" -> "d";
                case "symlink" -> "l";
                case "char_device" -> "c";
                case "block_device" -> "b";
                case "fifo" -> "p";
                case "socket" -> "s";
                default -> "-";
            };
        }
    }

    @Command(name = "analyze", description = "Each layer's size and the step that made it, efficiency and wasted bytes (as dive measures them), and the cause")
    static final class Analyze implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Option(names = "--top", description = "How many waste entries to list (default: ${DEFAULT-VALUE})", defaultValue = "10")
        int top;

        @Parameters(paramLabel = "IMAGE")
        String name;

        @Override
        public void run() {
            JsonNode a = Cli.client(spec).get("/v1/images/analyze?name=" + Cli.q(name), JsonNode.class);
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, a);
                return;
            }
            dev.legends.image.analysis.ImageAnalysis analysis = Json.mapper().convertValue(a, dev.legends.image.analysis.ImageAnalysis.class);
            out.print(analysis.render(top));
            out.flush();
        }
    }
}
