package dev.legends.cli;

import dev.legends.core.Json;
import dev.legends.server.api.ApiClient;
import dev.legends.server.network.NetworkRequests;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code legends network ...}: bridge networks with Legends IPAM that pods and containers join. */
@Command(name = "network", description = "Manage networks: create, ls, inspect, rm, ipam",
        subcommands = {NetworkCommand.Create.class, NetworkCommand.Ls.class, NetworkCommand.Inspect.class, NetworkCommand.Rm.class,
            NetworkCommand.Ipam.class})
final class NetworkCommand extends CommandGroup {

    static String path(String name) {
        return "/v1/networks/" + Cli.q(name);
    }

    @Command(name = "create", description = "Create a bridge network")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--subnet", description = "IPv4 subnet in CIDR form (default: a free 10.x.0.0/16 no host route uses)")
        String subnet;

        @Option(names = "--gateway", description = "The bridge's address (default: the subnet's first address)")
        String gateway;

        @Option(names = "--ip-range", description = "A CIDR inside the subnet that containers' addresses come from")
        String ipRange;

        @Option(names = "--ipam", description = "legends (default: sticky and fixed addresses) or host-local (CNI's allocator)")
        String ipam;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            NetworkRequests.Row r = Cli.client(spec).post("/v1/networks", new NetworkRequests.Create(name, subnet, gateway, ipRange, ipam),
                    NetworkRequests.Row.class);
            Cli.out(spec).println(r.name());
            Cli.out(spec).flush();
        }
    }

    @Command(name = "ls", aliases = {"list"}, description = "List networks")
    static final class Ls extends Listing<NetworkRequests.Row> {
        @Override
        List<NetworkRequests.Row> rows(ApiClient client) {
            return client.get("/v1/networks", Json.listOf(NetworkRequests.Row.class));
        }

        @Override
        String name(NetworkRequests.Row r) {
            return r.name();
        }

        @Override
        Output.Table table(List<NetworkRequests.Row> rows) {
            Output.Table t = new Output.Table("NAME", "BRIDGE", "SUBNET", "GATEWAY", "IPAM", "ATTACHED", "CREATED");
            rows.forEach(r -> t.row(r.name(), r.bridge(), r.subnet(), r.gateway(), r.ipam(), r.owners().size(), Units.ago(r.created())));
            return t;
        }
    }

    @Command(name = "inspect", description = "Show networks in detail (JSON)")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "NETWORK")
        List<String> names;

        @Override
        public Integer call() {
            List<Object> all = new ArrayList<>();
            int rc = ContainerCommands.forEach(spec, names, n -> all.add(Cli.client(spec).get(path(n), Map.class)));
            Cli.out(spec).println(Json.pretty(all));
            Cli.out(spec).flush();
            return rc;
        }
    }

    @Command(name = "rm", aliases = {"remove"}, description = "Remove networks nobody is attached to")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "NETWORK")
        List<String> names;

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, names, n -> {
                Cli.client(spec).delete(path(n), Map.class);
                Cli.out(spec).println(n);
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "ipam", description = "List a network's leases: address, owner, since, sticky")
    static final class Ipam implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "NETWORK")
        String name;

        @Override
        public void run() {
            List<NetworkRequests.LeaseRow> rows = Cli.client(spec).get(path(name) + "/ipam", Json.listOf(NetworkRequests.LeaseRow.class));
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, rows);
                return;
            }
            Output.Table t = new Output.Table("ADDRESS", "OWNER", "SINCE", "STICKY");
            rows.forEach(r -> t.row(r.address(), r.owner() == null ? "(kept for " + r.identity() + ")" : Units.shortId(r.owner()),
                    Units.ago(r.since()), r.sticky() ? r.identity() : ""));
            t.print(out);
        }
    }
}
