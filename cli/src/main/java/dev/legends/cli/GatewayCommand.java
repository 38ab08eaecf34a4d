package dev.legends.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.Route;
import dev.legends.gateway.RouteMetrics;
import dev.legends.gateway.engine.GatewayMain;
import dev.legends.server.DaemonConfig;
import dev.legends.server.gateway.GatewayApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code legends gateway ...}: the HTTP gateway's routes, status and metrics, and the gateway process itself. */
@Command(name = "gateway", description = "The HTTP gateway: run, routes, apply, rm, status, metrics, stop",
        subcommands = {GatewayCommand.Run.class, GatewayCommand.Routes.class, GatewayCommand.Apply.class, GatewayCommand.Rm.class,
            GatewayCommand.Status.class, GatewayCommand.Metrics.class, GatewayCommand.Stop.class})
final class GatewayCommand extends CommandGroup {

    @Command(name = "run", description = "Run the gateway in the foreground (the daemon normally runs it for you)")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--admin", paramLabel = "SOCKET", description = "Admin unix socket (default: RUN/gateway.sock of --root)")
        Path admin;

        @Option(names = "--config", paramLabel = "FILE", description = "Config kept here and loaded at start (default: ROOT/gateway/config.json)")
        Path config;

        @Option(names = "--threads", description = "Event loop threads (default: one per CPU)")
        int threads = Runtime.getRuntime().availableProcessors();

        @Option(names = "--access-log", paramLabel = "FILE", description = "Write one JSON line per request here")
        Path accessLog;

        @Override
        public Integer call() throws InterruptedException {
            DaemonConfig d = DaemonConfig.of(Cli.global(spec).root);
            GatewayMain.run(config != null ? config : d.root().resolve("gateway").resolve("config.json"),
                    admin != null ? admin : d.runDir().resolve("gateway.sock"), threads, accessLog);
            return 0;
        }
    }

    @Command(name = "routes", aliases = {"ls"}, description = "List the gateway's routes")
    static final class Routes implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Override
        public void run() {
            List<Route> routes = Cli.client(spec).get("/v1/gateway/routes", Json.listOf(Route.class));
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, routes);
                return;
            }
            Output.Table t = new Output.Table("ROUTE", "HOSTS", "PATH", "VERSIONS", "MATCHES", "STICKY", "MIRROR");
            for (Route r : routes) {
                t.row(r.name(), r.hosts().isEmpty() ? "*" : String.join(",", r.hosts()), r.pathPrefix(), versions(r), matches(r),
                        r.sticky() == null ? "" : r.sticky().kind().name().toLowerCase(Locale.ROOT) + ":" + r.sticky().name(),
                        r.mirror() == null ? "" : r.mirror().version() + " " + percent(r.mirror().permille()) + (r.mirror().compare() ? " compare" : ""));
            }
            t.print(out);
        }

        private static String versions(Route r) {
            return r.versions().stream().map(v -> v.name() + "=" + percent(v.weight()) + "(" + v.endpoints().size() + ")")
                    .collect(Collectors.joining(" "));
        }

        private static String matches(Route r) {
            return r.matches().stream().map(m -> m.kind().name().toLowerCase(Locale.ROOT) + ":" + m.name() + " "
                    + m.op().name().toLowerCase(Locale.ROOT) + (m.value() == null ? "" : " " + m.value()) + "->" + m.version())
                    .collect(Collectors.joining(", "));
        }
    }

    static String percent(int permille) {
        return permille % 10 == 0 ? permille / 10 + "%" : String.format(Locale.ROOT, "%.1f%%", permille / 10.0);
    }

    @Command(name = "apply", description = "Add or replace routes from a JSON file: one route, or a whole config with listeners")
    static final class Apply implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "A Route or GatewayConfig as JSON")
        Path file;

        @Override
        public void run() {
            byte[] json;
            try {
                json = Files.readAllBytes(file);
            } catch (IOException e) {
                throw LegendsException.invalid("read " + file + ": " + e.getMessage());
            }
            JsonNode node = Json.read(json, JsonNode.class);
            if (node.has("listeners") || node.has("routes")) {
                GatewayConfig c = Json.read(json, GatewayConfig.class);
                Cli.client(spec).call("PUT", "/v1/gateway/config", Json.bytes(c));
                Cli.out(spec).println("config applied: " + c.listeners().size() + " listeners, " + c.routes().size() + " routes");
            } else {
                Route r = Json.read(json, Route.class);
                Cli.client(spec).call("PUT", "/v1/gateway/routes/" + Cli.q(String.valueOf(r.name())), Json.bytes(r));
                Cli.out(spec).println(r.name());
            }
            Cli.out(spec).flush();
        }
    }

    @Command(name = "rm", description = "Remove routes")
    static final class Rm implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "ROUTE")
        List<String> names;

        @Override
        public void run() {
            for (String n : names) {
                Cli.client(spec).call("DELETE", "/v1/gateway/routes/" + Cli.q(n), null);
                Cli.out(spec).println(n);
            }
            Cli.out(spec).flush();
        }
    }

    @Command(name = "status", description = "Show whether the gateway runs, where, and what it serves")
    static final class Status implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Override
        public void run() {
            GatewayApi.View v = Cli.client(spec).get("/v1/gateway/status", GatewayApi.View.class);
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, v);
                return;
            }
            out.println("running:     " + (v.running() ? "yes (pid " + v.pid() + ")" : "no"));
            if (v.status() != null) {
                out.println("listening:   " + String.join(", ", v.status().listening()));
                out.println("routes:      " + v.status().routes() + " (config generation " + v.status().generation() + ")");
                out.println("in flight:   " + v.status().inFlight() + " requests on " + v.status().connections() + " connections");
            }
            out.println("restarts:    " + v.restarts());
            out.println("admin:       " + v.socket());
            out.println("config file: " + v.configFile());
            out.flush();
        }
    }

    @Command(name = "stop", description = "Stop the gateway process (it keeps running when the daemon stops; the next change starts it)")
    static final class Stop implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            java.util.Map<?, ?> r = Cli.client(spec).post("/v1/gateway/stop", java.util.Map.of(), java.util.Map.class);
            Object pid = r.get("stopped");
            Cli.out(spec).println(pid instanceof Number n && n.longValue() > 0 ? "stopped gateway (pid " + pid + ")" : "no gateway was running");
            Cli.out(spec).flush();
        }
    }

    @Command(name = "metrics", description = "Per-version requests, errors and latency of a route")
    static final class Metrics implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        Output output;

        @Parameters(paramLabel = "ROUTE")
        String route;

        @Option(names = {"-w", "--window"}, description = "Seconds of the window for rates and latency (default: 60, at most 600)")
        long window = 60;

        @Override
        public void run() {
            RouteMetrics m = Cli.client(spec).get("/v1/gateway/metrics/" + Cli.q(route) + "?window=" + window, RouteMetrics.class);
            PrintWriter out = Cli.out(spec);
            if (output.json()) {
                output.printJson(out, m);
                return;
            }
            Output.Table t = new Output.Table("VERSION", "REQUESTS", "ERRORS", "2XX", "4XX", "5XX", "CONNECT FAIL",
                    "REQ/" + m.windowSeconds() + "S", "ERR/" + m.windowSeconds() + "S", "P50 MS", "P90 MS", "P99 MS", "MAX MS");
            for (RouteMetrics.VersionMetrics v : m.versions()) {
                t.row(v.version(), v.total().requests(), v.total().errors(), v.total().success(), v.total().clientError(),
                        v.total().serverError(), v.total().connectFailures(), v.window().requests(), v.window().errors(),
                        ms(v.latency().p50()), ms(v.latency().p90()), ms(v.latency().p99()), ms(v.latency().max()));
            }
            t.print(out);
            RouteMetrics.MirrorMetrics mm = m.mirror();
            if (mm != null) {
                out.println();
                out.println("mirror to " + mm.version() + ": sent " + mm.sent() + ", skipped " + mm.skipped() + ", completed "
                        + mm.completed() + ", failed " + mm.failed());
                if (mm.compared() > 0) {
                    out.println("compared " + mm.compared() + ": matched " + mm.matched() + ", differed " + mm.differed()
                            + ", noise only " + mm.noisy());
                    mm.samples().forEach(d -> out.println("  " + d.method() + " " + d.path() + ": " + d.field() + " "
                            + d.primary() + " != " + d.shadow()));
                }
            }
            out.flush();
        }

        private static String ms(double v) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
    }
}
