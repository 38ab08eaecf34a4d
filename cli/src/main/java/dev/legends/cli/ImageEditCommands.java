package dev.legends.cli;

import dev.legends.server.api.ImageRequests;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** rm, tag and prune: the image commands that change names and free space. */
final class ImageEditCommands {
    private ImageEditCommands() {}

    @Command(name = "rm", aliases = "remove", description = "Remove images (by name: that name; by id: every name)")
    static final class Rm implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--force"}, description = "Remove an image named in several repositories")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "IMAGE")
        List<String> names;

        @Override
        public void run() {
            PrintWriter out = Cli.out(spec);
            for (String n : names) {
                ImageRequests.Removed r = Cli.client(spec).delete("/v1/images?name=" + Cli.q(n) + (force ? "&force=1" : ""),
                        ImageRequests.Removed.class);
                r.untagged().forEach(u -> out.println("Untagged: " + u));
                if (r.deleted() != null) {
                    out.println("Deleted: " + r.deleted());
                }
            }
            out.flush();
        }
    }

    @Command(name = "tag", description = "Give an image another name: tag SOURCE TARGET")
    static final class Tag implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SOURCE")
        String source;

        @Parameters(index = "1", paramLabel = "TARGET")
        String target;

        @Override
        public void run() {
            Cli.client(spec).post("/v1/images/tag", new ImageRequests.Tag(source, target), Map.class);
        }
    }

    @Command(name = "prune", description = "Delete blobs that no image uses")
    static final class Prune implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            ImageRequests.Pruned p = Cli.client(spec).post("/v1/images/prune", Map.of(), ImageRequests.Pruned.class);
            Cli.out(spec).println("Deleted " + p.blobs() + " blobs, total reclaimed space: " + Units.size(p.freedBytes()));
            Cli.out(spec).flush();
        }
    }
}
