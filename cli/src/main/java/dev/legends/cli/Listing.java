package dev.legends.cli;

import dev.legends.server.api.ApiClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * An {@code ls} of named things, as docker's: the rows as JSON or YAML with {@code -o}, only
 * their names with {@code -q}, otherwise the command's table.
 */
abstract class Listing<R> implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    Output output;

    @Option(names = {"-q", "--quiet"}, description = "Only names")
    boolean quiet;

    /** The rows, from the daemon. */
    abstract List<R> rows(ApiClient client);

    /** A row's name, as -q prints it. */
    abstract String name(R row);

    /** The rows as a table for people. */
    abstract Output.Table table(List<R> rows);

    @Override
    public final void run() {
        List<R> rows = rows(Cli.client(spec));
        PrintWriter out = Cli.out(spec);
        if (output.json()) {
            output.printJson(out, rows);
        } else if (quiet) {
            rows.forEach(r -> out.println(name(r)));
        } else {
            table(rows).print(out);
        }
        out.flush();
    }
}
