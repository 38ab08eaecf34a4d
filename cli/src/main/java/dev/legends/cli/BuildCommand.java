package dev.legends.cli;

import dev.legends.core.LegendsException;
import dev.legends.server.api.BuildRequests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `legends build`: a Dockerfile build on the daemon, which reads the context from this host's disk.
 * Steps, their output, cache hits and times go to stderr as they happen; stdout gets the image id.
 */
@Command(name = "build", description = "Build an image from a Dockerfile (RUN steps have no network)")
final class BuildCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name the image (repeatable)")
    List<String> tags = List.of();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The Dockerfile (default: CONTEXT/Dockerfile)")
    Path file;

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]",
            description = "Set a build-time variable; KEY alone takes its value from the environment")
    List<String> buildArgs = List.of();

    @Option(names = "--no-cache", description = "Run every step, reusing nothing")
    boolean noCache;

    @Option(names = "--target", paramLabel = "STAGE", description = "Build up to this stage")
    String target;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image id")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context directory")
    Path context;

    @Override
    public void run() {
        BuildRequests.Build body = new BuildRequests.Build(Cli.path(spec, context).toString(),
                file == null ? null : Cli.path(spec, file).toString(), tags, args(), noCache, target, quiet);
        BuildRequests.Built built = Cli.client(spec).progress("POST", "/v1/build", body, Cli.progress(spec, quiet),
                BuildRequests.Built.class);
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            built.tags().forEach(t -> err.println("Successfully tagged " + t));
            err.flush();
        }
        Cli.out(spec).println(built.id());
        Cli.out(spec).flush();
    }

    /** docker's --build-arg: KEY=VALUE, or KEY alone for the environment's value (skipped when unset). */
    private Map<String, String> args() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : buildArgs) {
            int eq = a.indexOf('=');
            if (eq == 0) {
                throw LegendsException.invalid("--build-arg " + a + ": the name is missing");
            }
            if (eq > 0) {
                out.put(a.substring(0, eq), a.substring(eq + 1));
            } else if (Cli.env(spec, a) != null) {
                out.put(a, Cli.env(spec, a));
            }
        }
        return out;
    }
}
