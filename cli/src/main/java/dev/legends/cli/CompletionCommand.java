package dev.legends.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints a bash/zsh completion script: {@code source <(legends completion)}. */
@Command(name = "completion", description = "Print the shell completion script (bash and zsh): source <(legends completion)")
final class CompletionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("legends", spec.parent().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
