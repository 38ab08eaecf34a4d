package dev.legends.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code legends apply -f FILE}: creates or updates an app from its manifest, as kubectl apply. */
@Command(name = "apply", description = "Create or update an app from a manifest (kind: App, YAML or JSON)")
final class ApplyCommand implements Runnable, NeedsClient {
    @Override
    public String needsClient() {
        return "-".equals(file) ? "-f - reads the client's stdin" : null;
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "The manifest; - reads stdin")
    String file;

    @Override
    public void run() {
        byte[] manifest;
        try {
            manifest = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Cli.path(spec, Path.of(file)));
        } catch (IOException e) {
            throw LegendsException.invalid("apply: cannot read " + file + ": " + e.getMessage());
        }
        JsonNode r = Json.read(Cli.client(spec).call("POST", "/v1/apps", manifest), JsonNode.class);
        String revision = r.path("newRevision").asBoolean() && !r.path("action").asText().equals("created")
                ? " (revision " + r.path("revision").asInt() + ")" : "";
        Cli.out(spec).println("app/" + r.path("app").asText() + " " + r.path("action").asText() + revision);
        Cli.out(spec).flush();
    }
}
