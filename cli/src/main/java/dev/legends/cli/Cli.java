package dev.legends.cli;

import dev.legends.server.api.ApiClient;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;

/** What every subcommand needs from the command line it runs in. */
final class Cli {
    private Cli() {}

    static GlobalOptions global(CommandSpec spec) {
        CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return ((LegendsCommand) s.userObject()).global;
    }

    static ApiClient client(CommandSpec spec) {
        return global(spec).client();
    }

    static PrintWriter out(CommandSpec spec) {
        return spec.commandLine().getOut();
    }

    /** Progress lines go to stderr, so that stdout stays the command's result. */
    static java.util.function.Consumer<String> progress(CommandSpec spec, boolean quiet) {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            if (!quiet) {
                err.println(line);
                err.flush();
            }
        };
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
