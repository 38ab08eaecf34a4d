package dev.legends.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command. Its subcommands are added by {@link Main}: only the one a command line names,
 * because building picocli's model of every command costs more start-up time than the request.
 */
@Command(name = "legends", versionProvider = VersionCommand.Provider.class,
        description = "Containers, pods, an HTTP gateway and safe releases on one host.")
public final class LegendsCommand implements Runnable {
    /** Every top-level command, in the order help lists them. */
    static final List<Class<?>> COMMANDS = List.of(VersionCommand.class, InfoCommand.class, DaemonCommand.class,
            EventsCommand.class, ContainerRunCommand.class, ContainerCommands.Ps.class, ContainerCommands.Inspect.class,
            ContainerCommands.Logs.class, ContainerCommands.Top.class, StatsCommand.class, ContainerCommands.Start.class,
            ContainerCommands.Wait.class, ContainerControlCommands.Stop.class, ContainerControlCommands.Restart.class,
            ContainerControlCommands.Kill.class,
            ContainerControlCommands.Rm.class, ContainerControlCommands.Exec.class, PodCommand.class, GatewayCommand.class, NetworkCommand.class, VolumeCommand.class,
            BuildCommand.class, ImageCommand.class, RegistryCommands.Pull.class, RegistryCommands.Push.class,
            RegistryCommands.Login.class, RegistryCommands.Logout.class, CompletionCommand.class, TrainCommand.class, DashboardCommand.class, ExportCommand.class,
            ReleaseCommand.class, ApplyCommand.class, AppCommand.class, AutoscaleCommand.class);

    /** Commands that need to see every other command. */
    private static final Set<String> NEED_ALL = Set.of("completion", "__train");

    @Mixin
    GlobalOptions global;

    @picocli.CommandLine.Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit")
    boolean version;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The commands to add for {@code args}: the one it names, or all (help, typos, completion). */
    static List<Class<?>> commandsFor(String[] args) {
        String name = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--root") || a.equals("-H") || a.equals("--host")) {
                i++;
            } else if (!a.startsWith("-")) {
                name = a;
                break;
            }
        }
        if (name == null || NEED_ALL.contains(name)) {
            return COMMANDS;
        }
        String wanted = name;
        List<Class<?>> named = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(wanted)).toList();
        return named.isEmpty() ? COMMANDS : named;
    }
}
