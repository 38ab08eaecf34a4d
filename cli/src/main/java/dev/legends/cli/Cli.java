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

    /** {@code p} as an absolute path, a relative one taken from the caller's directory (not the daemon's). */
    static java.nio.file.Path path(CommandSpec spec, java.nio.file.Path p) {
        return global(spec).caller().resolve(p);
    }

    /** A variable of the caller's environment, or null. */
    static String env(CommandSpec spec, String name) {
        return global(spec).caller().env(name);
    }

    /** Whether the caller's stderr is a terminal (progress bars redraw only there). */
    static boolean terminal(CommandSpec spec) {
        return global(spec).caller().terminal();
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
