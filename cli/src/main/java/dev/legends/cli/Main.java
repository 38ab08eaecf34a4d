package dev.legends.cli;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import picocli.CommandLine;

/** Entry point: runs the command and turns every failure into one line on stderr and an exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return run(null, null, args);
    }

    /** Runs with the given writers (null: stdout/stderr), so tests read what a user would. */
    static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        return run(out, err, null, args);
    }

    /** As {@link #run(java.io.PrintWriter, java.io.PrintWriter, String...)}, for {@code caller} (null: this process). */
    static int run(java.io.PrintWriter out, java.io.PrintWriter err, Caller caller, String... args) {
        return run(commandLine(args), out, err, caller, args);
    }

    /** Runs {@code args} on {@code cli}, a model from {@link #commandLine} that nothing has run yet. */
    static int run(CommandLine cli, java.io.PrintWriter out, java.io.PrintWriter err, Caller caller, String... args) {
        ((LegendsCommand) cli.getCommand()).global.caller = caller;
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean debug = ((LegendsCommand) cli.getCommand()).global.debug;
            if (e instanceof LegendsException le) {
                cmd.getErr().println("legends: " + le.getMessage());
                if (debug && le.getCause() != null) {
                    le.getCause().printStackTrace(cmd.getErr());
                }
                return le.kind() == ErrorKind.UNAVAILABLE ? 2 : 1;
            }
            cmd.getErr().println("legends: " + e);
            if (debug) {
                e.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("legends: (run with --debug for details)");
            }
            return 1;
        });
        return cli.execute(args);
    }

    /** The root command with the subcommands {@code args} may need. */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new LegendsCommand());
        for (Class<?> command : LegendsCommand.commandsFor(args)) {
            cli.addSubcommand(command);
            // adding a subcommand hands it the root's parser settings, undoing its own transformer
            if (command.getAnnotation(picocli.CommandLine.Command.class).modelTransformer() == StopAtPositional.class) {
                String name = command.getAnnotation(picocli.CommandLine.Command.class).name();
                cli.getSubcommands().get(name).setStopAtPositional(true);
            }
        }
        return cli;
    }
}
