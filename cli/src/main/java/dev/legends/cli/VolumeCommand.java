package dev.legends.cli;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiClient;
import dev.legends.server.volumes.VolumeRequests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** {@code legends volume ...}: named volumes that outlive containers ({@code run -v NAME:/path}). */
@Command(name = "volume", description = "Manage volumes: create, ls, inspect, rm, prune",
        subcommands = {VolumeCommand.Create.class, VolumeCommand.Ls.class, VolumeCommand.Inspect.class, VolumeCommand.Rm.class,
            VolumeCommand.Prune.class})
final class VolumeCommand extends CommandGroup {

    static String path(String name) {
        return "/v1/volumes/" + Cli.q(name);
    }

    @Command(name = "create", description = "Create a volume (a random name when none is given)")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a label on the volume")
        List<String> labels = new ArrayList<>();

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            Map<String, String> l = new LinkedHashMap<>();
            for (String kv : labels) {
                int eq = kv.indexOf('=');
                l.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
            VolumeRequests.Row r = Cli.client(spec).post("/v1/volumes", new VolumeRequests.Create(name, l), VolumeRequests.Row.class);
            Cli.out(spec).println(r.name());
            Cli.out(spec).flush();
        }
    }

    @Command(name = "ls", aliases = {"list"}, description = "List volumes")
    static final class Ls extends Listing<VolumeRequests.Row> {
        @Override
        List<VolumeRequests.Row> rows(ApiClient client) {
            return client.get("/v1/volumes", Json.listOf(VolumeRequests.Row.class));
        }

        @Override
        String name(VolumeRequests.Row r) {
            return r.name();
        }

        @Override
        Output.Table table(List<VolumeRequests.Row> rows) {
            Output.Table t = new Output.Table("DRIVER", "VOLUME NAME", "USED BY", "CREATED");
            rows.forEach(r -> t.row(r.driver(), r.name(), r.usedBy().isEmpty() ? "" : String.join(",", r.usedBy()), Units.ago(r.createdAt())));
            return t;
        }
    }

    @Command(name = "inspect", description = "Show volumes in detail (JSON)")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "VOLUME")
        List<String> names;

        @Override
        public Integer call() {
            List<Object> all = new ArrayList<>();
            int rc = ContainerCommands.forEach(spec, names, n -> all.add(Cli.client(spec).get(path(n), VolumeRequests.Row.class)));
            Cli.out(spec).println(Json.pretty(all));
            Cli.out(spec).flush();
            return rc;
        }
    }

    @Command(name = "rm", aliases = {"remove"}, description = "Remove volumes no container uses (running or stopped)")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--force"}, description = "No error for a volume that does not exist (a volume in use is still kept)")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "VOLUME")
        List<String> names;

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, names, n -> {
                Cli.client(spec).delete(path(n) + (force ? "?force=true" : ""), Map.class);
                Cli.out(spec).println(n);
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "prune", description = "Remove all volumes no container uses")
    static final class Prune implements Runnable, NeedsClient {
        @Override
        public String needsClient() {
            return force ? null : "the confirmation is read from the client's stdin";
        }

        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation")
        boolean force;

        @Override
        public void run() {
            PrintWriter out = Cli.out(spec);
            if (!force && !confirmed(out)) {
                return;
            }
            VolumeRequests.Pruned p = Cli.client(spec).post("/v1/volumes/prune", Map.of(), VolumeRequests.Pruned.class);
            if (!p.volumesDeleted().isEmpty()) {
                out.println("Deleted Volumes:");
                p.volumesDeleted().forEach(out::println);
                out.println();
            }
            out.println("Total reclaimed space: " + Units.size(p.spaceReclaimed()));
            out.flush();
        }

        private static boolean confirmed(PrintWriter out) {
            out.print("WARNING! This will remove all volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ");
            out.flush();
            try {
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
            } catch (IOException e) {
                throw LegendsException.invalid("prune: could not read the answer: " + e.getMessage() + " (use -f)");
            }
        }
    }
}
