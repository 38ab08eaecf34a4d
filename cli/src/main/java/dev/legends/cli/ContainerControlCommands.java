package dev.legends.cli;

import dev.legends.server.api.ApiClient;
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

/** The container commands that act: stop, restart, kill, rm, exec. */
final class ContainerControlCommands {
    private ContainerControlCommands() {}

    /** stop and restart: the same grace period, containers and answer; another action. */
    abstract static class GracefulAction implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Grace period before SIGKILL (default: 10)")
        Long seconds;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER")
        List<String> refs;

        /** The API's action: {@code POST /v1/containers/{id}/ACTION}. */
        abstract String action();

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, refs, ref -> {
                Cli.client(spec).post(ContainerCommands.path(ref) + "/" + action() + (seconds == null ? "" : "?t=" + seconds), Map.of(),
                        ContainerRequests.Row.class);
                Cli.out(spec).println(ref);
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "stop", description = "Stop containers: the image's stop signal (or SIGTERM), then SIGKILL after the grace period")
    static final class Stop extends GracefulAction {
        @Override
        String action() {
            return "stop";
        }
    }

    @Command(name = "restart", description = "Restart containers: stop (the stop signal, then SIGKILL after the grace period), then start")
    static final class Restart extends GracefulAction {
        @Override
        String action() {
            return "restart";
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

    @Command(name = "exec", description = "Run a command in a running container (-it: with a terminal and stdin) and exit with its code",
            modelTransformer = StopAtPositional.class)
    static final class Exec implements Callable<Integer>, NeedsClient {
        @Override
        public String needsClient() {
            return interactive || tty ? "-i and -t need the client's terminal" : null;
        }

        @Spec
        CommandSpec spec;

        @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE")
        List<String> env = new ArrayList<>();

        @Option(names = {"-w", "--workdir"}, paramLabel = "DIR")
        String workdir;

        @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]")
        String user;

        @Option(names = {"-i", "--interactive"}, description = "Keep stdin open and send it to the command")
        boolean interactive;

        @Option(names = {"-t", "--tty"}, description = "Give the command a terminal")
        boolean tty;

        @Parameters(index = "0", paramLabel = "CONTAINER")
        String ref;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
        List<String> command;

        @Override
        public Integer call() {
            ApiClient client = Cli.client(spec);
            ContainerRequests.Exec request = new ContainerRequests.Exec(command, env, workdir, user, tty, interactive);
            if (tty || interactive) {
                return session(client, request);
            }
            ContainerRequests.ExecResult r = client.post(ContainerCommands.path(ref) + "/exec", request, ContainerRequests.ExecResult.class);
            Cli.out(spec).print(r.stdout());
            Cli.out(spec).flush();
            spec.commandLine().getErr().print(r.stderr());
            spec.commandLine().getErr().flush();
            return r.exitCode();
        }

        /** An exec session joined to this terminal; a command that could not start shows runc's reason. */
        private int session(ApiClient client, ContainerRequests.Exec request) {
            String id = client.post(ContainerCommands.path(ref) + "/exec", request, ContainerRequests.ExecCreated.class).id();
            String path = "/v1/exec/" + id;
            return Interactive.run(client, new Interactive.Target(path + "/start", path + "/resize", () -> {
                ContainerRequests.ExecResult r = client.post(path + "/wait", java.util.Map.of(), ContainerRequests.ExecResult.class);
                if (!r.stderr().isEmpty()) {
                    spec.commandLine().getErr().println("legends: exec " + ref + ": " + r.stderr());
                    spec.commandLine().getErr().flush();
                }
                return r.exitCode();
            }), interactive, tty, spec);
        }
    }
}
