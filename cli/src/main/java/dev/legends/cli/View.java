package dev.legends.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command that shows what the daemon answers at {@link #path()}: as JSON or YAML when {@code -o}
 * asks (the answer as it came), otherwise as the command's own text for people.
 */
abstract class View implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    Output output;

    /** The API path to read. */
    abstract String path();

    /** The answer as text. */
    abstract void print(PrintWriter out, JsonNode answer);

    @Override
    public final void run() {
        JsonNode answer = Cli.client(spec).get(path(), JsonNode.class);
        PrintWriter out = Cli.out(spec);
        if (output.json()) {
            output.printJson(out, answer);
        } else {
            print(out, answer);
        }
        out.flush();
    }

    /** A view of one app. */
    abstract static class OfApp extends View {
        @Parameters(index = "0", paramLabel = "APP")
        String app;
    }
}
