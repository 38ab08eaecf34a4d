package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `legends volume ...` and `run -v NAME:/path` as a user types them, against a real daemon process. */
@Tag("runc")
class VolumeCliTest {
    @TempDir
    static Path root;

    @TempDir
    static Path work;

    static DaemonProcess daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = DaemonProcess.startWithBusybox(root, work);
    }

    @AfterEach
    void removeContainersAndVolumes() {
        for (String id : legends("ps", "-a", "-q", "--no-trunc").out().lines().toList()) {
            legends("rm", "-f", id);
        }
        legends("volume", "prune", "-f");
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        try {
            daemon.close();
        } finally {
            ContainerRunCliTest.removeLeftovers(root);
        }
    }

    private static Legends.Result legends(String... args) {
        return Legends.run(root, args);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> json(String out) {
        return Json.read(out.getBytes(StandardCharsets.UTF_8), List.class);
    }

    @Test
    void createListInspectAndRemoveRoundTrip() {
        assertThat(legends("volume", "create", "-l", "team=a", "cli-vol").out()).isEqualTo("cli-vol\n");
        String random = legends("volume", "create").out().strip();
        assertThat(random).matches("[0-9a-f]{64}");

        assertThat(legends("volume", "ls", "-q").out().lines()).containsExactlyInAnyOrder("cli-vol", random);
        assertThat(json(legends("volume", "ls", "-o", "json").out())).extracting(m -> m.get("Name"), m -> m.get("Driver"))
                .contains(org.assertj.core.groups.Tuple.tuple("cli-vol", "local"));
        Map<String, Object> inspected = json(legends("volume", "inspect", "cli-vol").out()).getFirst();
        assertThat(inspected).containsEntry("Name", "cli-vol").containsEntry("Driver", "local")
                .containsEntry("Mountpoint", root.resolve("volumes/cli-vol/_data").toString())
                .containsEntry("Labels", Map.of("team", "a")).containsEntry("UsedBy", List.of()).containsKey("CreatedAt");

        assertThat(legends("volume", "rm", "cli-vol", random).out().lines()).containsExactly("cli-vol", random);
        assertThat(legends("volume", "ls", "-q").out()).isEmpty();
        Legends.Result missing = legends("volume", "inspect", "cli-vol");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err().strip()).isEqualTo("legends: no such volume: cli-vol");
        assertThat(legends("volume", "rm", "-f", "cli-vol").code()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void dataOutlivesContainersAndAVolumeInUseIsKept() {
        Legends.Result wrote = legends("run", "--rm", "-v", "shared:/data", "test/busybox", "sh", "-c", "echo hello > /data/greeting");
        assertThat(wrote.code()).as(wrote.err()).isZero();
        Legends.Result read = legends("run", "--rm", "-v", "shared:/data:ro", "test/busybox", "cat", "/data/greeting");
        assertThat(read.out()).isEqualTo("hello\n");
        Legends.Result readOnly = legends("run", "--rm", "-v", "shared:/data:ro", "test/busybox", "sh", "-c", "echo x > /data/greeting");
        assertThat(readOnly.code()).isNotZero();
        assertThat(readOnly.err()).contains("Read-only file system");

        assertThat(legends("run", "-d", "--name", "holder", "-v", "shared:/data", "test/busybox", "sleep", "1000").code()).isZero();
        Map<String, Object> container = json(legends("inspect", "holder").out()).getFirst();
        assertThat((List<Map<String, Object>>) container.get("Mounts")).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("Type", "volume").containsEntry("Name", "shared").containsEntry("Destination", "/data")
                .containsEntry("RW", true).containsEntry("Source", root.resolve("volumes/shared/_data").toString()));
        for (String[] rm : List.of(new String[] {"volume", "rm", "shared"}, new String[] {"volume", "rm", "-f", "shared"})) {
            Legends.Result refused = legends(rm);
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err().lines()).containsExactly(
                    "legends: cannot remove volume shared: it is in use by container holder: remove the container first");
        }
        Legends.Result pruned = legends("volume", "prune", "-f");
        assertThat(pruned.out()).isEqualTo("Total reclaimed space: 0B\n");
        assertThat(json(legends("volume", "inspect", "shared").out()).getFirst()).containsEntry("UsedBy", List.of("holder"));

        assertThat(legends("rm", "-f", "holder").code()).isZero();
        assertThat(legends("volume", "prune", "-f").out()).startsWith("Deleted Volumes:\nshared\n\nTotal reclaimed space: ");
        assertThat(legends("volume", "ls", "-q").out()).isEmpty();
    }

    @Test
    void badNamesAreOneClearLine() {
        Legends.Result bad = legends("volume", "create", "bad/name");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err().lines()).singleElement().asString().startsWith("legends: invalid volume name \"bad/name\"");
        Legends.Result badRun = legends("run", "--rm", "-v", "a b:/data", "test/busybox", "true");
        assertThat(badRun.code()).isEqualTo(125);
        assertThat(badRun.err().lines()).singleElement().asString().contains("\"a b\" is not a volume name");
    }
}
