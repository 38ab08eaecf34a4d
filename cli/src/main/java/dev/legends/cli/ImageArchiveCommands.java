package dev.legends.cli;

import dev.legends.server.api.ImageRequests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** import, load, save and bootstrap: images in and out of the store without a registry. */
final class ImageArchiveCommands {
    private ImageArchiveCommands() {}

    static void printLoaded(PrintWriter out, ImageRequests.Loaded loaded) {
        for (ImageRequests.LoadedRow r : loaded.images()) {
            if (r.references().isEmpty()) {
                out.println("Loaded image ID: " + r.id());
            }
            r.references().forEach(ref -> out.println("Loaded image: " + ref));
        }
        out.flush();
    }

    @Command(name = "import", description = "Make a one-layer image from a root filesystem tar (plain, gzip or zstd)")
    static final class Import implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION", description = "Apply a Dockerfile instruction to the config, e.g. 'CMD [\"sh\"]'")
        List<String> changes;

        @Option(names = {"-q", "--quiet"}, description = "Print only the image id")
        boolean quiet;

        @Parameters(index = "0", paramLabel = "ROOTFS.tar")
        Path file;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME[:TAG]")
        String reference;

        @Override
        public void run() {
            ImageRequests.Loaded loaded = Cli.client(spec).progress("POST", "/v1/images/import",
                    new ImageRequests.Import(Cli.path(spec, file).toString(), reference, changes), Cli.progress(spec, quiet),
                    ImageRequests.Loaded.class);
            Cli.out(spec).println(loaded.images().getFirst().id());
            Cli.out(spec).flush();
        }
    }

    @Command(name = "load", description = "Load images from a docker-archive or oci-archive (as podman/docker save write them)")
    static final class Load implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE")
        Path file;

        @Option(names = {"-q", "--quiet"})
        boolean quiet;

        @Override
        public void run() {
            ImageRequests.Loaded loaded = Cli.client(spec).progress("POST", "/v1/images/load",
                    new ImageRequests.Load(Cli.path(spec, file).toString()), Cli.progress(spec, quiet), ImageRequests.Loaded.class);
            printLoaded(Cli.out(spec), loaded);
        }
    }

    @Command(name = "save", description = "Write images to an archive that podman load and docker load read")
    static final class Save implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE")
        Path file;

        @Option(names = "--format", description = "oci-archive or docker-archive (default: ${DEFAULT-VALUE})", defaultValue = "oci-archive")
        String format;

        @Parameters(arity = "1..*", paramLabel = "IMAGE")
        List<String> names;

        @Override
        public void run() {
            Cli.client(spec).progress("POST", "/v1/images/save",
                    new ImageRequests.Save(names, Cli.path(spec, file).toString(), format), Cli.progress(spec, true), Map.class);
        }
    }

    @Command(name = "bootstrap", description = "Make the base images legends/busybox and legends/jre:25 from this host (no registry needed)")
    static final class Bootstrap implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            ImageRequests.Loaded loaded = Cli.client(spec).progress("POST", "/v1/images/bootstrap", Map.of(),
                    Cli.progress(spec, false), ImageRequests.Loaded.class);
            printLoaded(Cli.out(spec), loaded);
        }
    }
}
