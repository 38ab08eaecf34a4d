package dev.legends.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.server.apps.AppsApi;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code legends app ...}: apps made by {@code legends apply}, their revisions and instances. */
@Command(name = "app", description = "Manage apps: ls, get, describe, rm, scale, history, logs",
        subcommands = {AppCommand.Ls.class, AppCommand.Get.class, AppCommand.Describe.class, AppCommand.Rm.class,
            AppCommand.Scale.class, AppCommand.History.class, AppCommand.Logs.class})
final class AppCommand extends CommandGroup {

    static String path(String app) {
        return "/v1/apps/" + Cli.q(app);
    }

    static JsonNode get(CommandSpec spec, String path) {
        return Cli.client(spec).get(path, JsonNode.class);
    }

    private static void table(PrintWriter out, List<JsonNode> apps) {
        Output.Table t = new Output.Table("NAME", "READY", "UP-TO-DATE", "REVISION", "IMAGE", "ROUTE", "AUTOSCALED", "AGE");
        for (JsonNode a : apps) {
            String route = a.path("path").isMissingNode() || a.path("path").isNull() ? ""
                    : (a.path("host").isTextual() ? a.path("host").asText() : "*") + a.path("path").asText();
            t.row(a.path("name").asText(), a.path("ready").asInt() + "/" + a.path("replicas").asInt(), a.path("current").asInt(),
                    a.path("stableRevision").asInt() + (a.path("latestRevision").asInt() != a.path("stableRevision").asInt()
                            ? " (latest " + a.path("latestRevision").asInt() + ")" : ""),
                    a.path("image").asText(""), route, a.path("autoscaled").asBoolean() ? "yes" : "no",
                    Units.ago(a.path("created").asText("")));
        }
        t.print(out);
    }

    @Command(name = "ls", aliases = {"list"}, description = "List apps")
    static final class Ls extends View {
        @Override
        String path() {
            return "/v1/apps";
        }

        @Override
        void print(PrintWriter out, JsonNode rows) {
            List<JsonNode> apps = new java.util.ArrayList<>();
            rows.forEach(apps::add);
            table(out, apps);
        }
    }

    @Command(name = "get", description = "Show one app's row")
    static final class Get extends View.OfApp {
        @Override
        String path() {
            return AppCommand.path(app);
        }

        @Override
        void print(PrintWriter out, JsonNode row) {
            table(out, List.of(row));
        }
    }

    @Command(name = "describe", description = "Show an app in detail: revisions, instances and their probes, autoscaler, events")
    static final class Describe extends View.OfApp {
        @Override
        String path() {
            return AppCommand.path(app) + "/describe";
        }

        @Override
        void print(PrintWriter out, JsonNode d) {
            JsonNode a = d.path("app");
            JsonNode m = d.path("manifest");
            out.println("Name:           " + a.path("name").asText());
            out.println("Image:          " + a.path("image").asText());
            out.println("Replicas:       " + a.path("replicas").asInt() + " desired, " + a.path("current").asInt() + " current, "
                    + a.path("ready").asInt() + " ready");
            out.println("Revision:       " + a.path("stableRevision").asInt() + " stable, " + a.path("latestRevision").asInt() + " latest");
            JsonNode t = m.path("template");
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                if (t.has(probe)) {
                    out.println(String.format("%-16s%s", capital(probe.replace("Probe", "")) + ":", probeLine(t.path(probe))));
                }
            }
            if (m.path("route").isObject()) {
                out.println("Route:          " + m.path("route").path("host").asText("*") + m.path("route").path("path").asText()
                        + " -> :" + m.path("route").path("port").asInt());
            }
            JsonNode as = d.path("autoscaler");
            if (as.isObject()) {
                out.println("Autoscaler:     " + as.path("spec").path("minReplicas").asInt() + ".." + as.path("spec").path("maxReplicas").asInt()
                        + (as.path("spec").has("cpuPercent") ? ", cpu " + as.path("spec").path("cpuPercent").asInt() + "%" : "")
                        + (as.path("spec").has("requestsPerSecond") ? ", " + as.path("spec").path("requestsPerSecond").asDouble() + " req/s per pod" : "")
                        + "; last: " + as.path("reason").asText("-") + " " + as.path("metrics"));
            }
            out.println();
            out.println("Instances:");
            Output.Table it = new Output.Table("  NAME", "REVISION", "PHASE", "READY", "RESTARTS", "ADDRESS", "MESSAGE");
            for (JsonNode o : d.path("instances")) {
                JsonNode i = o.path("instance");
                it.row("  " + i.path("name").asText(), i.path("revision").asInt(), i.path("phase").asText(),
                        i.path("ready").asBoolean() ? "yes" : "no", i.path("restarts").asInt(), i.path("address").asText("-"),
                        o.path("message").asText(""));
            }
            it.print(out);
            out.println();
            out.println("Events:");
            for (JsonNode e : d.path("events")) {
                out.println("  " + e.path("time").asText() + "  " + e.path("message").asText());
            }
        }

        private static String probeLine(JsonNode p) {
            String what = p.has("httpGet") ? "http-get :" + p.path("httpGet").path("port").asInt() + p.path("httpGet").path("path").asText()
                    : p.has("tcpSocket") ? "tcp-socket :" + p.path("tcpSocket").path("port").asInt()
                    : "exec " + String.join(" ", Json.mapper().convertValue(p.path("exec").path("command"), String[].class));
            return what + " delay=" + p.path("initialDelaySeconds").asInt() + "s timeout=" + p.path("timeoutSeconds").asInt()
                    + "s period=" + p.path("periodSeconds").asInt() + "s #success=" + p.path("successThreshold").asInt()
                    + " #failure=" + p.path("failureThreshold").asInt();
        }

        private static String capital(String s) {
            return s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1);
        }
    }

    @Command(name = "rm", aliases = {"remove", "delete"}, description = "Remove apps with their pods, revisions and route")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "APP")
        List<String> apps;

        @Override
        public Integer call() {
            return ContainerCommands.forEach(spec, apps, app -> {
                Cli.client(spec).delete(path(app), Map.class);
                Cli.out(spec).println("app/" + app + " removed");
                Cli.out(spec).flush();
            });
        }
    }

    @Command(name = "scale", description = "Set an app's replica count: app scale APP N, or --replicas N")
    static final class Scale implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "How many replicas (or --replicas N, as kubectl)")
        Integer count;

        @Option(names = "--replicas", paramLabel = "N", description = "How many replicas")
        Integer option;

        @Override
        public void run() {
            if ((count == null) == (option == null) && !java.util.Objects.equals(count, option)) {
                throw dev.legends.core.LegendsException.invalid("scale " + app + ": give the replica count once, as N or --replicas N");
            }
            if (count == null && option == null) {
                throw dev.legends.core.LegendsException.invalid("scale " + app + ": how many replicas? legends app scale " + app + " N");
            }
            int replicas = count != null ? count : option;
            Cli.client(spec).post(path(app) + "/scale", new AppsApi.ScaleRequest(replicas), JsonNode.class);
            Cli.out(spec).println("app/" + app + " scaled to " + replicas);
            Cli.out(spec).flush();
        }
    }

    @Command(name = "history", description = "List an app's revisions")
    static final class History extends View.OfApp {
        @Override
        String path() {
            return AppCommand.path(app) + "/history";
        }

        @Override
        void print(PrintWriter out, JsonNode rows) {
            Output.Table t = new Output.Table("REVISION", "STABLE", "DESIRED", "IMAGE", "CREATED", "CHANGE-CAUSE");
            rows.forEach(r -> t.row(r.path("revision").asInt(), r.path("stable").asBoolean() ? "*" : "", r.path("desired").asInt(),
                    r.path("image").asText(), Units.ago(r.path("created").asText("")), r.path("changeCause").asText()));
            t.print(out);
        }
    }

    @Command(name = "logs", description = "Print the logs of an app's instances, each line prefixed with its instance")
    static final class Logs implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Option(names = {"-n", "--tail"}, defaultValue = "0", description = "Last lines of each instance (default: all)")
        int tail;

        @Option(names = {"-f", "--follow"}, description = "Keep printing new lines, of new instances too, until interrupted")
        boolean follow;

        @Override
        public void run() {
            PrintWriter out = Cli.out(spec);
            if (follow) {
                Cli.client(spec).stream(path(app) + "/logs?follow=1&tail=" + tail, data -> {
                    JsonNode l = Json.read(data.getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
                    out.println("[" + l.path("instance").asText() + "] " + l.path("line").path("text").asText());
                    out.flush();
                    return true;
                });
                return;
            }
            JsonNode logs = get(spec, path(app) + "/logs?tail=" + tail);
            for (JsonNode l : logs) {
                for (JsonNode line : l.path("lines")) {
                    out.println("[" + l.path("instance").asText() + "] " + line.path("text").asText());
                }
            }
            out.flush();
        }
    }
}
