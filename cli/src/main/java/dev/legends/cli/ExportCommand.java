package dev.legends.cli;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code legends export k8s APP}: an app's manifests for people who deploy to Kubernetes with GitOps. */
@Command(name = "export", description = "Write an app's manifests for another platform", subcommands = ExportCommand.K8s.class)
final class ExportCommand extends CommandGroup {

    @Command(name = "k8s", aliases = "kubernetes",
            description = "Deployment, Services, Gateway API HTTPRoute (and HorizontalPodAutoscaler) of an app's stable revision, as YAML")
    static final class K8s implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "APP", description = "The app")
        String app;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output")
        Path output;

        @Option(names = {"-n", "--namespace"}, description = "Put the objects in this namespace (default: none, for kubectl apply -n)")
        String namespace;

        @Option(names = "--gateway", description = "The Gateway the HTTPRoute attaches to, NAME or NAMESPACE/NAME (default: legends)")
        String gateway;

        @Option(names = "--revision", description = "Export this revision rather than the stable one")
        Integer revision;

        @Override
        public void run() {
            StringBuilder path = new StringBuilder("/v1/apps/").append(Cli.q(app)).append("/export/k8s");
            char sep = '?';
            if (namespace != null) {
                path.append(sep).append("namespace=").append(Cli.q(namespace));
                sep = '&';
            }
            if (gateway != null) {
                path.append(sep).append("gateway=").append(Cli.q(gateway));
                sep = '&';
            }
            if (revision != null) {
                path.append(sep).append("revision=").append(revision);
            }
            byte[] yaml = Cli.client(spec).call("GET", path.toString(), null);
            if (output == null) {
                PrintWriter out = Cli.out(spec);
                out.print(new String(yaml, StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            Path tmp = null;
            try {
                // Write beside the target, then rename: a GitOps checkout never sees half a file.
                tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".legends-export", ".yaml");
                Files.write(tmp, yaml);
                Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                deleteQuietly(tmp);
                throw LegendsException.invalid("cannot write " + output + ": " + e.getMessage());
            }
        }

        private static void deleteQuietly(Path tmp) {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // the error about the output file is the one that matters
            }
        }
    }
}
