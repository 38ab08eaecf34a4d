package dev.legends.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiClient;
import dev.legends.server.containers.ContainerRequests;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code legends stats}: docker stats from the containers' cgroups. CPU % is the CPU time used
 * between two readings over the wall time between them (100% is one core, as docker counts);
 * memory is the cgroup's usage against its limit, or against the host's memory without one.
 */
@Command(name = "stats", description = "Show containers' CPU, memory and process counts (running ones, or those named)")
final class StatsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    Output output;

    @Option(names = "--no-stream", description = "Print one reading and exit (default: a new one every 2 s until interrupted)")
    boolean noStream;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER")
    List<String> refs = new ArrayList<>();

    /** One container's numbers; cpuPercent is null until there are two readings. */
    record Stat(String id, String name, Double cpuPercent, long memoryUsageBytes, long memoryLimitBytes, double memoryPercent,
                long pids) {}

    private record Reading(long atNanos, long cpuNanos) {}

    @Override
    public void run() {
        ApiClient client = Cli.client(spec);
        PrintWriter out = Cli.out(spec);
        Map<String, Reading> last = new LinkedHashMap<>();
        read(client, last); // the first reading only starts the CPU clocks
        do {
            sleep(noStream ? 1000 : 2000);
            List<Stat> stats = read(client, last);
            if (output.json()) {
                output.printJson(out, stats);
            } else {
                table(stats).print(out);
            }
            out.flush();
        } while (!noStream);
    }

    private List<Stat> read(ApiClient client, Map<String, Reading> last) {
        List<String> ids = refs;
        if (refs.isEmpty()) {
            List<ContainerRequests.Row> running = client.get("/v1/containers", Json.listOf(ContainerRequests.Row.class));
            ids = running.stream().filter(r -> !r.pause()).map(ContainerRequests.Row::id).toList();
        }
        long hostMemory = hostMemoryBytes();
        List<Stat> out = new ArrayList<>();
        for (String ref : ids) {
            JsonNode c;
            try {
                c = client.get(ContainerCommands.path(ref), JsonNode.class);
            } catch (LegendsException e) {
                if (refs.isEmpty()) {
                    continue; // removed since the listing
                }
                throw e;
            }
            JsonNode l = c.path("Cgroups").path("Limits");
            long now = System.nanoTime();
            long cpu = l.path("CpuUsageNanos").asLong(0);
            Reading before = last.put(c.path("Id").asText(), new Reading(now, cpu));
            Double percent = before == null || now <= before.atNanos() ? null
                    : Math.max(0, cpu - before.cpuNanos()) * 100.0 / (now - before.atNanos());
            long usage = l.path("MemoryUsageBytes").asLong(0);
            long limit = l.path("MemoryLimitBytes").isNumber() ? l.path("MemoryLimitBytes").asLong() : hostMemory;
            out.add(new Stat(c.path("Id").asText(), c.path("Name").asText(), percent, usage, limit,
                    limit > 0 ? usage * 100.0 / limit : 0, l.path("PidsCurrent").asLong(0)));
        }
        return out;
    }

    private static Output.Table table(List<Stat> stats) {
        Output.Table t = new Output.Table("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "PIDS");
        for (Stat s : stats) {
            t.row(s.id().substring(0, Math.min(12, s.id().length())), s.name(),
                    s.cpuPercent() == null ? "--" : String.format(Locale.ROOT, "%.2f%%", s.cpuPercent()),
                    binary(s.memoryUsageBytes()) + " / " + binary(s.memoryLimitBytes()),
                    String.format(Locale.ROOT, "%.2f%%", s.memoryPercent()), s.pids());
        }
        return t;
    }

    /** Binary units, as docker stats prints memory: "1.5MiB / 64MiB". */
    static String binary(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + "B"
                : new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", v)).stripTrailingZeros().toPlainString() + units[u];
    }

    private static long hostMemoryBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // unknown: percentages show 0
        }
        return 0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("interrupted");
        }
    }
}
