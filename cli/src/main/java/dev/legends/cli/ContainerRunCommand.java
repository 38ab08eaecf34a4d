package dev.legends.cli;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiClient;
import dev.legends.server.containers.ContainerRequests;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code legends run}: creates and starts a container, then (unless -d) prints its output until
 * it exits and exits with its code. As docker: 125 when the engine refused (unknown image, bad
 * option), 126 when the command cannot be executed, 127 when it is not found.
 */
@Command(name = "run", description = "Run a command in a new container",
        exitCodeOnInvalidInput = 125, exitCodeOnExecutionException = 125,
        modelTransformer = StopAtPositional.class)
final class ContainerRunCommand implements Callable<Integer>, NeedsClient {
    @Override
    public String needsClient() {
        return interactive || tty ? "-i and -t need the client's terminal" : null;
    }

    static final int ENGINE_ERROR = 125;

    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container id")
    boolean detach;

    @Option(names = {"-i", "--interactive"}, description = "Keep stdin open and send it to the container")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Give the container a terminal")
    boolean tty;

    @Option(names = "--rm", description = "Remove the container when it exits")
    boolean rm;

    @Option(names = "--name", description = "Name the container (default: a random adjective_scientist)")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]", description = "Set an environment variable (KEY alone: take it from here)")
    List<String> env = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, paramLabel = "SRC:DST[:ro]",
            description = "Bind-mount a host path (/HOST:DST), mount a named volume (NAME:DST, made on first use) or an anonymous one (/DST)")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "DST[:size=N]", description = "Mount a tmpfs")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "User by name or uid[:gid] (from the image's /etc/passwd)")
    String user;

    @Option(names = "--hostname", description = "Hostname (default: the short container id)")
    String hostname;

    @Option(names = "--entrypoint", description = "Replace the image's entrypoint (\"\" removes it)")
    String entrypoint;

    @Option(names = "--cpus", description = "CPUs the container may use, e.g. 1.5")
    String cpus;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory limit, e.g. 64m (the container is OOM-killed above it)")
    String memory;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Most processes at once")
    Long pidsLimit;

    @Option(names = "--log-opt", paramLabel = "KEY=VALUE",
            description = "Log option: max-size=SIZE, e.g. 10m (the log starts over when it would grow past SIZE)")
    List<String> logOpts = new ArrayList<>();

    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "A resource limit, e.g. nofile=1024:2048")
    List<String> ulimits = new ArrayList<>();

    @Option(names = "--restart", paramLabel = "POLICY", description = "no, on-failure[:N], always or unless-stopped (default: no)")
    String restart;

    @Option(names = "--pod", description = "Join a pod: share its network, IPC and UTS namespaces")
    String pod;

    @Mixin
    NetworkFlags net;

    @Option(names = "--init", description = "Run catatonit as PID 1 to forward signals and reap zombies")
    boolean init;

    @Option(names = "--read-only", description = "Mount the root filesystem read-only")
    boolean readOnly;

    @Option(names = "--cap-add", description = "Add a capability")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", description = "Drop a capability")
    List<String> capDrop = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Do not print unpacking progress")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments (default: the image's)")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ApiClient client = Cli.client(spec);
        ContainerRequests.Ran ran;
        // waiting for the exit, the output and the exit follow on the run's own stream
        boolean attach = !detach && !interactive && !tty;
        LogPrinter printer = new LogPrinter(false, spec);
        try {
            ran = client.progress("POST", attach ? "/v1/containers?attach=1" : "/v1/containers", request(),
                    Cli.progress(spec, quiet), ContainerRequests.Ran.class, attach ? printer : null);
        } catch (LegendsException e) {
            err.println("legends: " + e.getMessage());
            err.flush();
            return ENGINE_ERROR;
        }
        if (ran.exitCode() != null) {
            err.println("legends: run " + image + ": " + ran.error());
            err.flush();
            return ran.exitCode();
        }
        if (detach) {
            Cli.out(spec).println(ran.id());
            Cli.out(spec).flush();
            return 0;
        }
        if (interactive || tty) {
            try {
                return Interactive.run(client, ran.id(), interactive, tty, rm, spec);
            } catch (LegendsException e) {
                err.println("legends: " + e.getMessage());
                err.flush();
                return ENGINE_ERROR;
            }
        }
        return printer.exitCode();
    }

    /** Prints the log events of a stream until the exit; then holds the exit code (125 if the stream broke). */
    private static final class LogPrinter implements java.util.function.Predicate<String> {
        private final boolean timestamps;
        private final PrintWriter out;
        private final PrintWriter err;
        private int exitCode = ENGINE_ERROR;

        LogPrinter(boolean timestamps, CommandSpec spec) {
            this.timestamps = timestamps;
            this.out = Cli.out(spec);
            this.err = spec.commandLine().getErr();
        }

        @Override
        public boolean test(String data) {
            ContainerRequests.LogEvent e = Json.read(data.getBytes(StandardCharsets.UTF_8), ContainerRequests.LogEvent.class);
            if (e.line() != null) {
                ContainerFormat.print(e.line(), timestamps, out, err);
                return true;
            }
            if (e.exit() != null) {
                exitCode = e.exit().exitCode();
            } else if (e.error() != null) {
                err.println("legends: " + e.error());
                err.flush();
            }
            return false;
        }

        int exitCode() {
            return exitCode;
        }
    }

    private ContainerRequests.Run request() {
        List<String> envs = new ArrayList<>();
        for (String e : env) {
            // as docker: a bare KEY takes its value from the client's environment, or is dropped
            if (e.contains("=")) {
                envs.add(e);
            } else if (Cli.env(spec, e) != null) {
                envs.add(e + "=" + Cli.env(spec, e));
            }
        }
        // docker reads ./data:/data as a host path relative to here; the daemon needs it absolute
        List<String> binds = volumes.stream().map(v -> v.startsWith(".")
                ? Cli.path(spec, java.nio.file.Path.of(v.substring(0, v.indexOf(':') < 0 ? v.length() : v.indexOf(':'))))
                        + (v.indexOf(':') < 0 ? "" : v.substring(v.indexOf(':')))
                : v).toList();
        return new ContainerRequests.Run(image, command, entrypoint == null ? null : List.of(entrypoint), name, envs, workdir, user,
                hostname, cpus, memory, pidsLimit, restart, rm, pod, net.network(), binds,
                tmpfs, ulimits, capAdd, capDrop, init, readOnly, !detach, tty, interactive, net.ip, net.publish, logOpts);
    }
}
