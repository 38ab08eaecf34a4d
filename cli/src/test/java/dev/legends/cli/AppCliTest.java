package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `legends apply` and `legends app ...` as a user types them, against a real daemon process. */
@Tag("runc")
class AppCliTest {
    @TempDir
    static Path root;

    @TempDir
    static Path work;

    static DaemonProcess daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = DaemonProcess.startWithBusybox(root, work);
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        try {
            legends("app", "rm", "web");
            // the daemon starts the gateway for apps, and a gateway outlives its daemon by design
            legends("gateway", "stop");
            daemon.close();
        } finally {
            ContainerRunCliTest.removeLeftovers(root);
        }
    }

    private static Legends.Result legends(String... args) {
        return Legends.run(root, args);
    }

    @Test
    void anAppIsAppliedListedDescribedScaledLoggedAndRemoved() throws Exception {
        Path manifest = work.resolve("web.yaml");
        Files.writeString(manifest, """
                apiVersion: legends.dev/v1
                kind: App
                metadata: {name: web}
                spec:
                  image: test/busybox
                  command: ["sh", "-c", "trap 'exit 0' TERM; echo hello-from-$HOSTNAME; while true; do sleep 1; done"]
                  replicas: 2
                """);
        Legends.Result applied = legends("apply", "-f", manifest.toString());
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out().strip()).isEqualTo("app/web created");

        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> json("app", "get", "web").path("ready").asInt() == 2);

        assertThat(legends("app", "ls").out().lines().toList().get(1)).startsWith("web").contains("2/2", "test/busybox");
        // its pods are on the default network
        assertThat(legends("network", "ls", "-q").out().lines()).contains("legends");
        assertThat(json("network", "ls").findValuesAsText("name")).contains("legends");
        assertThat(legends("network", "ls").out()).contains("NAME", "legends");
        assertThat(json("app", "ls").get(0).path("name").asText()).isEqualTo("web");
        Legends.Result described = legends("app", "describe", "web");
        assertThat(described.out()).contains("Name:           web", "web-r1-0", "web-r1-1", "Events:");
        assertThat(json("app", "describe", "web").path("instances")).hasSize(2);
        assertThat(legends("app", "history", "web").out().lines().toList().get(1)).startsWith("1").contains("*", "test/busybox");
        assertThat(yaml("app", "history", "web")).contains("revision: 1");

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> legends("app", "logs", "web").out().contains("[web-r1-1] hello-from-"));

        Legends.Result scaled = legends("app", "scale", "web", "1");
        assertThat(scaled.out().strip()).as(scaled.err()).isEqualTo("app/web scaled to 1");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> json("app", "describe", "web").path("instances").size() == 1);
        assertThat(legends("app", "scale", "web", "--replicas", "1").out().strip()).isEqualTo("app/web scaled to 1");
        Legends.Result twice = legends("app", "scale", "web", "2", "--replicas", "3");
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.err().strip()).isEqualTo("legends: scale web: give the replica count once, as N or --replicas N");

        Legends.Result unknown = legends("app", "describe", "nobody");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("legends: app nobody not found");

        assertThat(legends("app", "rm", "web").out().strip()).isEqualTo("app/web removed");
        assertThat(json("app", "ls")).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> legends("pod", "ls", "-q").out().isBlank());
    }

    private static JsonNode json(String... args) {
        String[] full = java.util.Arrays.copyOf(args, args.length + 2);
        full[args.length] = "-o";
        full[args.length + 1] = "json";
        Legends.Result r = legends(full);
        assertThat(r.code()).as(r.err()).isZero();
        return Json.read(r.out().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    private static String yaml(String... args) {
        String[] full = java.util.Arrays.copyOf(args, args.length + 2);
        full[args.length] = "-o";
        full[args.length + 1] = "yaml";
        return legends(full).out();
    }
}
