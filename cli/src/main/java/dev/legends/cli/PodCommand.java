package dev.legends.cli;

import dev.legends.core.Json;
import dev.legends.server.containers.ContainerRequests;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code legends pod ...}: containers that share a network namespace held by a pause container. */
@Command(name = "pod", description = "Manage pods: create, ls, inspect, start, stop, rm",
        subcommands = {PodCommand.Create.class, PodCommand.Ls.class, PodCommand.Inspect.class, PodCommand.Start.class,
            PodCommand.Stop.class, PodCommand.Rm.class})
final class PodCommand extends CommandGroup {

    static String path(String ref) {
        return "/v1/pods/" + Cli.q(ref);
    }

    @Command(name = "create", description = "Create a pod and start its pause container (catatonit -P)")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", description = "Name the pod (default: a random adjective_scientist)")
        String name;

        @Option(names = "--hostname", description = "Hostname its containers share (default: the pod's name)")
        String hostname;

        @Option(names = "--share-pid", description = "Members also share the PID namespace (catatonit is their PID 1)")
        boolean sharePid;

        @Mixin
        NetworkFlags net;

        @Override
        public void run() {
            ContainerRequests.PodRow p = Cli.client(spec).post("/v1/pods", new ContainerRequests.CreatePod(name, hostname, sharePid,
                            net.network(), net.ip, net.publish),
                    ContainerRequests.PodRow.class);
            Cli.out(spec).println(p.id());
            Cli.out(spec).flush();
        }
    }

    @Command(name = "ls", aliases = {"list", "ps"}, description = "List pods")
    static final class Ls implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Option(names = {"-q", "--quiet"}, description = "Only pod ids")
        boolean quiet;

        @Override
        public void run() {
            List<ContainerRequests.PodRow> rows = Cli.client(spec).get("/v1/pods", Json.listOf(ContainerRequests.PodRow.class));
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, rows);
                return;
            }
            if (quiet) {
                rows.forEach(r -> out.println(Units.shortId(r.id())));
                out.flush();
                return;
            }
            Output.Table t = new Output.Table("POD ID", "NAME", "STATUS", "CREATED", "# OF CONTAINERS", "PAUSE ID", "IP");
            rows.forEach(r -> t.row(Units.shortId(r.id()), r.name(), capitalized(r.state()), Units.ago(r.created()),
                    r.containers().size(), Units.shortId(r.pauseId()),
                    r.addresses() == null || r.addresses().isEmpty() ? "" : String.join(",", r.addresses())));
            t.print(out);
        }

        private static String capitalized(String s) {
            return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
        }
    }

    @Command(name = "inspect", description = "Show pods in detail: the pause container and the namespaces it holds (JSON)")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "POD")
        List<String> refs;

        @Override
        public Integer call() {
            List<Object> all = new ArrayList<>();
            int rc = ContainerCommands.forEach(spec, refs, ref -> all.add(Cli.client(spec).get(path(ref), Map.class)));
            Cli.out(spec).println(Json.pretty(all));
            Cli.out(spec).flush();
            return rc;
        }
    }

    @Command(name = "start", description = "Start pods: the pause container, then every member")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "POD")
        List<String> refs;

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, refs, ref -> {
                Cli.client(spec).post(path(ref) + "/start", Map.of(), ContainerRequests.PodRow.class);
                Cli.out(spec).println(ref);
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "stop", description = "Stop pods: every member, then the pause container")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Grace period before SIGKILL (default: 10)")
        Long seconds;

        @Parameters(arity = "1..*", paramLabel = "POD")
        List<String> refs;

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, refs, ref -> {
                Cli.client(spec).post(path(ref) + "/stop" + (seconds == null ? "" : "?t=" + seconds), Map.of(), ContainerRequests.PodRow.class);
                Cli.out(spec).println(ref);
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "rm", description = "Remove pods with their containers and pause container")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--force"}, description = "Kill running members first")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "POD")
        List<String> refs;

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, refs, ref -> {
                Cli.client(spec).delete(path(ref) + (force ? "?force=1" : ""), Map.class);
                Cli.out(spec).println(ref);
                Cli.out(spec).flush();
            });
        }
    }
}
