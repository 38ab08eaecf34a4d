package dev.legends.cli;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.server.containers.ContainerRequests;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The container commands that look: ps, inspect, logs, top, wait; and start. */
final class ContainerCommands {
    private ContainerCommands() {}

    /** Runs {@code action} for each name, as docker does: an error is printed and the rest still go. */
    static int forEach(CommandSpec spec, List<String> refs, Consumer<String> action) {
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (String ref : refs) {
            try {
                action.accept(ref);
            } catch (LegendsException e) {
                err.println("legends: " + e.getMessage());
                err.flush();
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static String path(String ref) {
        return "/v1/containers/" + Cli.q(ref);
    }

    @Command(name = "ps", description = "List containers (running ones; -a for all)")
    static final class Ps implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Option(names = {"-a", "--all"}, description = "Show all containers, not only running ones")
        boolean all;

        @Option(names = {"-q", "--quiet"}, description = "Only container ids")
        boolean quiet;

        @Option(names = "--no-trunc", description = "Show whole ids and commands")
        boolean noTrunc;

        @Override
        public void run() {
            List<ContainerRequests.Row> rows = Cli.client(spec).get("/v1/containers" + (all ? "?all=1" : ""),
                    Json.listOf(ContainerRequests.Row.class));
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, rows);
                return;
            }
            if (quiet) {
                rows.forEach(r -> out.println(noTrunc ? r.id() : Units.shortId(r.id())));
                out.flush();
                return;
            }
            Output.Table t = new Output.Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "POD", "NAMES");
            rows.forEach(r -> t.row(noTrunc ? r.id() : Units.shortId(r.id()), r.image(), ContainerFormat.command(r.command(), noTrunc),
                    Units.ago(r.created()), ContainerFormat.status(r), r.podName(), r.name()));
            t.print(out);
        }
    }

    @Command(name = "inspect", description = "Show containers in detail: host PID, namespaces, cgroups, overlay dirs (JSON)")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER")
        List<String> refs;

        @Override
        public Integer call() {
            List<Object> all = new ArrayList<>();
            int rc = forEach(spec, refs, ref -> all.add(Cli.client(spec).get(path(ref), Map.class)));
            Cli.out(spec).println(Json.pretty(all));
            Cli.out(spec).flush();
            return rc;
        }
    }

    @Command(name = "logs", description = "Print a container's output")
    static final class Logs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--follow"}, description = "Keep printing until the container exits")
        boolean follow;

        @Option(names = {"-t", "--timestamps"}, description = "Show when each line was written")
        boolean timestamps;

        @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines")
        Long tail;

        @Option(names = "--since", paramLabel = "TIME",
                description = "Only lines written since TIME: a duration back from now (10m, 1h30m), an RFC 3339 time, or Unix seconds")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Only lines written before TIME (as --since; not with --follow)")
        String until;

        @Parameters(paramLabel = "CONTAINER")
        String ref;

        @Override
        public Integer call() {
            List<String> params = new ArrayList<>();
            if (tail != null) {
                params.add("tail=" + tail);
            }
            if (since != null) {
                params.add("since=" + Cli.q(since));
            }
            if (until != null) {
                params.add("until=" + Cli.q(until));
            }
            String query = String.join("&", params);
            if (follow) {
                var client = Cli.client(spec);
                String[] parts = {path(ref) + "/logs?follow=1" + (query.isEmpty() ? "" : "&" + query)};
                PrintWriter out = Cli.out(spec);
                PrintWriter err = spec.commandLine().getErr();
                client.stream(parts[0], data -> {
                    ContainerRequests.LogEvent e = Json.read(data.getBytes(StandardCharsets.UTF_8), ContainerRequests.LogEvent.class);
                    if (e.line() != null) {
                        ContainerFormat.print(e.line(), timestamps, out, err);
                    }
                    return e.line() != null;
                });
                return 0;
            }
            List<ContainerRequests.LogEntry> lines = Cli.client(spec).get(path(ref) + "/logs" + (query.isEmpty() ? "" : "?" + query),
                    Json.listOf(ContainerRequests.LogEntry.class));
            lines.forEach(l -> ContainerFormat.print(l, timestamps, Cli.out(spec), spec.commandLine().getErr()));
            return 0;
        }
    }

    @Command(name = "top", description = "Show a container's processes (host PIDs)")
    static final class Top implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Parameters(paramLabel = "CONTAINER")
        String ref;

        @Override
        public void run() {
            ContainerRequests.Top top = Cli.client(spec).get(path(ref) + "/top", ContainerRequests.Top.class);
            if (output.json()) {
                output.printJson(Cli.out(spec), top);
                return;
            }
            Output.Table t = new Output.Table(top.titles().toArray(String[]::new));
            top.processes().forEach(p -> t.row(p.toArray()));
            t.print(Cli.out(spec));
        }
    }

    @Command(name = "start", description = "Start stopped containers again")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER")
        List<String> refs;

        @Override
        public Integer call() {
            return forEach(spec, refs, ref -> {
                Cli.client(spec).post(path(ref) + "/start", Map.of(), ContainerRequests.Row.class);
                Cli.out(spec).println(ref);
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "wait", description = "Wait for containers to exit and print their exit codes")
    static final class Wait implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER")
        List<String> refs;

        @Override
        public Integer call() {
            return forEach(spec, refs, ref -> {
                ContainerRequests.Exit e = Cli.client(spec).post(path(ref) + "/wait", Map.of(), ContainerRequests.Exit.class);
                Cli.out(spec).println(e.exitCode());
                Cli.out(spec).flush();
            });
        }
    }
}
