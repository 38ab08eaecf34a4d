package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image commands as a user types them, against a real daemon on a temporary root. */
class ImageCliTest {
    @TempDir
    Path root;

    @TempDir
    Path work;

    private Daemon daemon;

    @BeforeEach
    void start() {
        daemon = Daemon.start(DaemonConfig.of(root));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }


    private Path rootfsTar() throws Exception {
        Path fs = Files.createDirectories(work.resolve("fs"));
        Files.createDirectories(fs.resolve("etc"));
        Files.writeString(fs.resolve("etc/motd"), "hello from legends\n");
        Files.createDirectories(fs.resolve("usr/share/doc"));
        Files.write(fs.resolve("usr/share/doc/big.bin"), new byte[4096]);
        Files.createSymbolicLink(fs.resolve("motd"), Path.of("etc/motd"));
        Path tar = work.resolve("rootfs.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            LayerWriter.write(fs, out, WriteOptions.plain());
        }
        return tar;
    }

    private Legends.Result run(String... args) {
        return Legends.run(root, args);
    }

    @Test
    void importListInspectFilesAnalyzeSaveLoadRemove() throws Exception {
        Legends.Result imported = run("image", "import", "-c", "CMD [\"sh\"]", rootfsTar().toString(), "demo/app:1.0");
        assertThat(imported.code()).as(imported.err()).isZero();
        String id = imported.out().strip();
        assertThat(id).startsWith("sha256:");

        JsonNode list = Json.read(run("image", "ls", "-o", "json").out().getBytes(), JsonNode.class);
        assertThat(list.findValuesAsText("repository")).containsExactly("demo/app");
        assertThat(list.get(0).get("tag").asText()).isEqualTo("1.0");
        assertThat(run("image", "ls").out()).contains("demo/app").contains(id.substring(7, 19));

        JsonNode inspect = Json.read(run("image", "inspect", "demo/app:1.0").out().getBytes(), JsonNode.class);
        assertThat(inspect.get(0).get("Id").asText()).isEqualTo(id);
        assertThat(inspect.get(0).get("Config").get("Cmd").get(0).asText()).isEqualTo("sh");

        Legends.Result files = run("image", "ls-files", "demo/app:1.0", "/etc");
        assertThat(files.code()).as(files.err()).isZero();
        assertThat(files.out()).contains("/etc/motd");
        JsonNode root = Json.read(run("image", "ls-files", "-o", "json", "demo/app:1.0").out().getBytes(), JsonNode.class);
        assertThat(root.findValuesAsText("path")).contains("/etc", "/usr", "/motd");
        assertThat(root.findValuesAsText("linkTarget")).contains("etc/motd");

        Legends.Result analyze = run("image", "analyze", "demo/app:1.0");
        assertThat(analyze.out()).contains("Efficiency:          100.0000 %").contains("Cause: ");

        Path saved = work.resolve("saved.tar");
        assertThat(run("image", "save", "-o", saved.toString(), "--format", "docker-archive", "demo/app:1.0").code()).isZero();
        assertThat(run("image", "rm", "demo/app:1.0").out()).contains("Untagged: demo/app:1.0").contains("Deleted: " + id);
        assertThat(run("image", "ls", "-q").out()).isBlank();
        assertThat(run("image", "prune").out()).startsWith("Deleted 3 blobs");
        Legends.Result loaded = run("image", "load", "-q", "-i", saved.toString());
        assertThat(loaded.out().strip()).isEqualTo("Loaded image: demo/app:1.0");
        assertThat(run("image", "ls", "-q").out().strip()).isEqualTo(id.substring(7, 19));
    }

    @Test
    void bootstrapMakesABusyboxAndAJavaRuntimeThatRun() {
        Legends.Result made = run("image", "bootstrap");
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("Loaded image: legends/busybox:latest", "Loaded image: legends/jre:25");
        Legends.Result sh = run("run", "--rm", "legends/busybox", "sh", "-c", "echo $((6 * 7))");
        assertThat(sh.out()).isEqualTo("42\n");
        // the jlinked java needs the host's glibc, which bootstrap copies in next to busybox
        Legends.Result java = run("run", "--rm", "legends/jre:25", "java", "-version");
        assertThat(java.code()).as(java.err()).isZero();
        assertThat(java.err()).contains("openjdk version \"25");
    }

    @Test
    void badInputIsOneLineAndChangesNothing() throws Exception {
        Legends.Result unknown = run("image", "inspect", "nope:1");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("legends: no such image: nope:1");

        Path junk = Files.writeString(work.resolve("junk.tar"), "not a tar at all");
        Legends.Result load = run("image", "load", "-q", "-i", junk.toString());
        assertThat(load.code()).isEqualTo(1);
        assertThat(load.err().lines()).hasSize(1);
        assertThat(load.err()).startsWith("legends: load junk.tar: ");
        assertThat(run("image", "ls", "-q").out()).isBlank();

        Legends.Result badName = run("image", "import", rootfsTar().toString(), "Bad/Name");
        assertThat(badName.code()).isEqualTo(1);
        assertThat(badName.err()).contains("Bad/Name");
        assertThat(run("image", "ls", "-q").out()).isBlank();
    }
}
