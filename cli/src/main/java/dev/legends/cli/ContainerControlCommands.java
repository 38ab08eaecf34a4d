package dev.legends.cli;

import dev.legends.server.containers.ContainerRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The container commands that act: stop, kill, rm, exec. */
final class ContainerControlCommands {
    private ContainerControlCommands() {}

    @Command(name = "stop", description = "Stop containers: the image's stop signal (or SIGTERM), then SIGKILL after the grace period")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Grace period before SIGKILL (default: 10)")
        Long seconds;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER")
        List<String> refs;

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, refs, ref -> {
                Cli.client(spec).post(ContainerCommands.path(ref) + "/stop" + (seconds == null ? "" : "?t=" + seconds), Map.of(),
                        ContainerRequests.Row.class);
                Cli.out(spec).println(ref);
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "kill", description = "Send a signal to containers (default: SIGKILL)")
    static final class Kill implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "Signal name or number (default: KILL)")
        String signal;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER")
        List<String> refs;

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, refs, ref -> {
                Cli.client(spec).post(ContainerCommands.path(ref) + "/kill" + (signal == null ? "" : "?signal=" + Cli.q(signal)),
                        Map.of(), Map.class);
                Cli.out(spec).println(ref);
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "rm", description = "Remove containers and all they had on the host (mount, cgroups, runtime state, writable layer)")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--force"}, description = "Kill running containers first")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER")
        List<String> refs;

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, refs, ref -> {
                Cli.client(spec).delete(ContainerCommands.path(ref) + (force ? "?force=1" : ""), Map.class);
                Cli.out(spec).println(ref);
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "exec", description = "Run a command in a running container (no terminal) and exit with its code",
            modelTransformer = StopAtPositional.class)
    static final class Exec implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE")
        List<String> env = new ArrayList<>();

        @Option(names = {"-w", "--workdir"}, paramLabel = "DIR")
        String workdir;

        @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]")
        String user;

        @Parameters(index = "0", paramLabel = "CONTAINER")
        String ref;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
        List<String> command;

        @Override
        public Integer call() {
            ContainerRequests.ExecResult r = Cli.client(spec).post(ContainerCommands.path(ref) + "/exec",
                    new ContainerRequests.Exec(command, env, workdir, user), ContainerRequests.ExecResult.class);
            Cli.out(spec).print(r.stdout());
            Cli.out(spec).flush();
            spec.commandLine().getErr().print(r.stderr());
            spec.commandLine().getErr().flush();
            return r.exitCode();
        }
    }
}
