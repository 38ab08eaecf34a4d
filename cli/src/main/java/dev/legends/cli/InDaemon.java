package dev.legends.cli;

import dev.legends.core.LegendsException;
import dev.legends.server.CommandLines;
import dev.legends.server.api.Endpoint;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The daemon's side of the native client: runs a client's command line in the daemon's JVM, talking
 * to this same daemon, with the client's directory and environment ({@link Caller}). Only commands
 * that need nothing of the client's process but its arguments run here; the rest (the daemon itself,
 * a foreground gateway, logins, terminals and stdin) are refused, and the client starts a JVM for them.
 */
final class InDaemon implements CommandLines {
    /** Top-level commands the daemon may run for a client; each of their subcommands may veto with {@link NeedsClient}. */
    private static final Set<String> COMMANDS = Set.of("version", "info", "events", "run", "ps", "inspect", "logs", "top",
            "stats", "start", "wait", "stop", "restart", "kill", "rm", "exec", "pod", "network", "volume", "build", "image", "pull",
            "push", "release", "apply", "app", "autoscale");
    private static final Set<String> DAEMON_OPTIONS = Set.of("--root", "-H", "--host");

    private final Endpoint.Unix self;

    InDaemon(Endpoint.Unix self) {
        this.self = self;
    }

    @Override
    public Prepared prepare(Call call) {
        String[] args = call.args().toArray(String[]::new);
        String other = otherDaemon(call);
        if (other != null) {
            throw LegendsException.precondition(other);
        }
        // one command model for the check and the run: building it is most of a parse's cost
        CommandLine cli = Main.commandLine(args);
        String refusal = refusal(cli, args);
        if (refusal != null) {
            throw LegendsException.precondition(refusal);
        }
        return (out, err) -> {
            PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
            PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
            try {
                Caller caller = new Caller(Path.of(call.cwd()), call.env(), call.stderrTerminal(), self);
                return Main.run(cli, o, e, caller, args);
            } finally {
                o.flush();
                e.flush();
            }
        };
    }

    /** Why the command line must run in the client, or null. */
    private static String refusal(CommandLine cli, String[] args) {
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return null; // the usage error is printed here as the JVM would print it
        }
        if (!parsed.hasSubcommand()) {
            return "the root command runs in the client";
        }
        String name = parsed.subcommand().commandSpec().name();
        if (!COMMANDS.contains(name)) {
            return name + " runs in the client";
        }
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf.commandSpec().userObject() instanceof NeedsClient n ? n.needsClient() : null;
    }

    /**
     * Why the command line names a daemon other than this one, or null. Looked for in every word,
     * not only where picocli would take it (a container's own arguments may say --root): a false
     * alarm only costs the client a JVM start.
     */
    private String otherDaemon(Call call) {
        List<String> a = call.args();
        for (int i = 0; i < a.size(); i++) {
            String word = a.get(i);
            String value = null;
            String option = word;
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                option = word.substring(0, eq);
                value = word.substring(eq + 1);
            } else if (i + 1 < a.size()) {
                value = a.get(i + 1);
            }
            if (!DAEMON_OPTIONS.contains(option)) {
                continue;
            }
            Path socket = value == null ? null : option.equals("--root")
                    ? Endpoint.forRoot(Path.of(call.cwd()).resolve(value)).socket()
                    : value.startsWith("unix://") ? Path.of(value.substring("unix://".length())) : null;
            if (socket == null || !socket.normalize().equals(self.socket().normalize())) {
                return option + " " + value + " names another daemon";
            }
        }
        return null;
    }
}
