package dev.legends.cli;

import dev.legends.core.Json;
import dev.legends.server.api.EventView;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Lists the daemon's events; -f keeps following them, as `docker events` and `kubectl get -w` do. */
@Command(name = "events", description = "Show what happened: daemon, containers, networks, releases")
final class EventsCommand implements Runnable {
    @ParentCommand
    LegendsCommand parent;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events")
    boolean follow;

    @Option(names = {"-n", "--tail"}, description = "How many of the newest events to show (default: ${DEFAULT-VALUE})", defaultValue = "100")
    int tail;

    @Option(names = "--since", paramLabel = "ID", description = "Only events after this id")
    Long since;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        String query = "/v1/events?limit=" + tail + (since == null ? "" : "&since=" + since);
        if (follow) {
            parent.global.client().stream(query + "&follow=1", data -> {
                EventView e = Json.read(data.getBytes(StandardCharsets.UTF_8), EventView.class);
                out.println(output.json() ? data : line(e));
                out.flush();
                return !out.checkError();
            });
            return;
        }
        List<EventView> events = parent.global.client().get(query, Json.listOf(EventView.class));
        if (output.json()) {
            output.printJson(out, events);
            return;
        }
        Output.Table t = new Output.Table("ID", "TIME", "KIND", "OBJECT", "MESSAGE");
        events.forEach(e -> t.row(e.id(), e.time(), e.kind(), e.object(), e.message()));
        t.print(out);
    }

    private static String line(EventView e) {
        return e.time() + " " + e.kind() + " " + e.object() + ": " + e.message();
    }
}
