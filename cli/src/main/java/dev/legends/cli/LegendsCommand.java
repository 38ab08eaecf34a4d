package dev.legends.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "legends", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Containers, pods, an HTTP gateway and safe releases on one host.",
        subcommands = {VersionCommand.class, InfoCommand.class, DaemonCommand.class, EventsCommand.class,
            ContainerRunCommand.class, ContainerCommands.Ps.class, ContainerCommands.Inspect.class,
            ContainerCommands.Logs.class, ContainerCommands.Top.class, ContainerCommands.Start.class,
            ContainerCommands.Wait.class, ContainerControlCommands.Stop.class, ContainerControlCommands.Kill.class,
            ContainerControlCommands.Rm.class, ContainerControlCommands.Exec.class, PodCommand.class,
            BuildCommand.class, ImageCommand.class, RegistryCommands.Pull.class, RegistryCommands.Push.class,
            RegistryCommands.Login.class, RegistryCommands.Logout.class, CompletionCommand.class, TrainCommand.class})
public final class LegendsCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
