package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in-process: what a user reads, and the JSON scripts read. */
class CliTest {
    @TempDir
    Path root;


    private Legends.Result run(String... args) {
        return Legends.run(root, args);
    }

    @Test
    void withoutADaemonCommandsSaySoInOneLine() {
        Legends.Result r = run("events");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("legends: cannot connect to the legends daemon at unix://" + root.resolve("run/legends.sock"))
                .contains("Start it with: legends daemon");
        Legends.Result v = run("version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).contains("Client:").contains("Server: not running");
    }

    @Test
    void eventsListAsATableAndAsJson() {
        try (Daemon d = Daemon.start(DaemonConfig.of(root))) {
            d.store().events().append("test", "web", "hello there");
            Legends.Result table = run("events");
            assertThat(table.code()).isZero();
            assertThat(table.out().lines().findFirst().orElseThrow()).matches("ID\\s+TIME\\s+KIND\\s+OBJECT\\s+MESSAGE");
            assertThat(table.out()).contains("hello there");
            Legends.Result json = run("events", "-o", "json");
            JsonNode events = Json.read(json.out().getBytes(), JsonNode.class);
            assertThat(events.isArray()).isTrue();
            assertThat(events.get(events.size() - 1).get("message").asText()).isEqualTo("hello there");
            assertThat(events.get(events.size() - 1).get("object").asText()).isEqualTo("web");
        }
    }

    @Test
    void infoReportsTheHostAndTheDaemonAsJson() {
        try (Daemon d = Daemon.start(DaemonConfig.of(root))) {
            Legends.Result r = run("info", "-o", "json");
            assertThat(r.code()).isZero();
            JsonNode info = Json.read(r.out().getBytes(), JsonNode.class);
            assertThat(info.get("host").findValuesAsText("name")).contains("overlayfs", "runc", "cni plugins", "iptables");
            assertThat(info.get("daemon").get("root").asText()).isEqualTo(root.toString());
            assertThat(info.get("daemon").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void badUsageIsOneErrorAndAUsageHint() {
        Legends.Result r = run("events", "--tail", "lots");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--tail'");
    }

    @Test
    void completionScriptCoversTheCommands() {
        Legends.Result r = run("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F").contains("events").contains("daemon");
    }
}
